package io.satchel.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The contract's one time format: RFC 3339, UTC, always three fraction digits ({@code 2026-11-21T10:15:30.123Z}). */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    /** Parses any RFC 3339 time (offset or Z, any fraction) and truncates it to milliseconds. */
    public static Instant parse(String text) {
        if (text == null) {
            throw new DateTimeParseException("no time given", "", 0);
        }
        return OffsetDateTime.parse(text.trim()).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private Timestamps() {
    }
}
