package io.satchel.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.common.rest.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedCursorTest {
    @Test
    void roundTripsAndIsUrlSafe() {
        FeedCursor c = new FeedCursor(Instant.parse("2026-11-21T10:15:30.123Z"), "course-v1:A+B+C",
                "block-v1:A+B+C+type@html+block@x|y", Instant.parse("2026-01-01T00:00:00.001Z"));
        String text = c.encode();
        assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
        assertEquals(c, FeedCursor.decode(text));
    }

    @Test
    void foreignCursorsAreRefused() {
        assertEquals("INVALID_CURSOR", assertThrows(ApiException.class, () -> FeedCursor.decode("abc")).code());
        assertEquals("INVALID_CURSOR", assertThrows(ApiException.class, () -> FeedCursor.decode("W10")).code());
    }
}
