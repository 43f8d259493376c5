package io.satchel.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientTimesTest {

    private static Instant general(String t) {
        return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void theFastPathAgreesWithTheGeneralParserOnCanonicalTimes() {
        Random rnd = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            // from year 0001 to 9999, every millisecond possible
            Instant t = Instant.ofEpochMilli(-62_135_596_800_000L + (long) (rnd.nextDouble() * 315_537_897_599_999L));
            String text = t.toString();
            if (text.length() != 24) {
                text = OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'"));
            }
            assertNotNull(ClientTimes.canonical(text), text);
            assertEquals(general(text), ClientTimes.parse(text), text);
        }
        assertEquals(general("2024-02-29T23:59:59.999Z"), ClientTimes.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void invalidOrOtherFormsLeaveTheFastPathAndKeepTheGeneralParsersAnswer() {
        for (String bad : List.of("2023-02-29T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-11-21T24:00:00.000Z",
                "2026-11-21T10:60:00.000Z", "2026-11-21T10:00:60.000Z", "2026-11-2xT10:00:00.000Z",
                "+026-11-21T10:00:00.000Z", "2026-11-21T10:00:00.00-Z")) {
            assertNull(ClientTimes.canonical(bad), bad);
            assertThrows(DateTimeParseException.class, () -> ClientTimes.parse(bad), bad);
        }
        for (String other : List.of("2026-11-21t10:15:30.123z", "2026-11-21T10:15:30.123456Z",
                "2026-11-21T11:15:30.123+01:00", "2026-11-21T10:15:30Z")) {
            assertNull(ClientTimes.canonical(other), other);
            assertEquals(general(other), ClientTimes.parse(other), other);
        }
        assertEquals(Instant.parse("2026-11-21T04:45:30.123Z"), ClientTimes.parse("2026-11-21 10:15:30:123+0530"));
    }
}
