package io.satchel.sync.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times sent by clients: RFC 3339 (the contract) or Sunbird's {@code yyyy-MM-dd HH:mm:ss:SSSZ}
 * (e.g. {@code 2026-11-21 10:15:30:123+0530}), truncated to milliseconds like every stored time.
 */
public final class ClientTimes {
    private static final DateTimeFormatter SUNBIRD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss:SSSZ");

    /** @throws DateTimeParseException when the text is neither format */
    public static Instant parse(String text) {
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            return OffsetDateTime.parse(t, SUNBIRD).toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Sunbird's format in UTC, for the Sunbird-compatible responses. */
    public static String sunbird(Instant instant) {
        return instant == null ? null : SUNBIRD.withZone(ZoneOffset.UTC).format(instant);
    }

    private ClientTimes() {
    }
}
