package io.satchel.sync.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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
        Instant fast = canonical(t);
        if (fast != null) {
            return fast;
        }
        if (t.length() > 10 && t.charAt(10) == ' ') {
            return OffsetDateTime.parse(t, SUNBIRD).toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Fast path for the form every client of the contract sends, {@code 2026-11-21T10:15:30.123Z} (bulk ingest parses
     * thousands per request; the general parser costs several times more). Null for any other text or an invalid
     * field value, which then takes the general parser (and its error).
     */
    static Instant canonical(String t) {
        if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int milli = digits(t, 20, 3);
        if ((year | month | day | hour | minute | second | milli) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, milli * 1_000_000).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The value of {@code n} ASCII digits at {@code from}, or -1. */
    private static int digits(String t, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Sunbird's format in UTC, for the Sunbird-compatible responses. */
    public static String sunbird(Instant instant) {
        return instant == null ? null : SUNBIRD.withZone(ZoneOffset.UTC).format(instant);
    }

    private ClientTimes() {
    }
}
