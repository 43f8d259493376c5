package io.satchel.publish.model;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;

/**
 * Where a publish is: {@code accepted → rendered → live}, or one of the ends {@code failed} / {@code superseded}.
 * The contract's lower-case names are both the JSON and the stored form.
 */
public enum PublishState {
    ACCEPTED, RENDERED, LIVE, FAILED, SUPERSEDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static PublishState ofWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** No event moves a publish out of these. */
    public boolean isTerminal() {
        return this == LIVE || this == FAILED || this == SUPERSEDED;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter implements AttributeConverter<PublishState, String> {
        @Override
        public String convertToDatabaseColumn(PublishState state) {
            return state == null ? null : state.wireName();
        }

        @Override
        public PublishState convertToEntityAttribute(String column) {
            return column == null ? null : ofWireName(column);
        }
    }
}
