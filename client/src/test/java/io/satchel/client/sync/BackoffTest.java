package io.satchel.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUntilTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(2), b.delayAfter(1));
        assertEquals(Duration.ofSeconds(4), b.delayAfter(2));
        assertEquals(Duration.ofSeconds(8), b.delayAfter(3));
        assertEquals(Duration.ofSeconds(16), b.delayAfter(4));
        assertEquals(Duration.ofSeconds(30), b.delayAfter(5));
        assertEquals(Duration.ofSeconds(30), b.delayAfter(64));
        assertEquals(Duration.ofSeconds(30), b.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    void refusesACapBelowTheBase() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }
}
