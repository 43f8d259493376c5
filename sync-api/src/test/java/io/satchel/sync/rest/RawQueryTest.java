package io.satchel.sync.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawQueryTest {
    @Test
    void plusStaysAPlusAndPercentIsDecoded() {
        String id = "block-v1:A+B+C+type@chapter+block@x";
        assertEquals(id, RawQuery.param("under=" + id, "under"));
        assertEquals(id, RawQuery.param("a=1&under=block-v1%3AA%2BB%2BC%2Btype%40chapter%2Bblock%40x", "under"));
        assertEquals("2026-11-21T10:15:30.123+01:00", RawQuery.param("since=2026-11-21T10:15:30.123+01:00", "since"));
        assertEquals("", RawQuery.param("x&under=", "under"));
        assertNull(RawQuery.param("x=1", "under"));
        assertNull(RawQuery.param(null, "under"));
        assertEquals("100%", RawQuery.param("p=100%", "p"));
    }

    @Test
    void entityTags() {
        assertTrue(EntityTags.matches("\"abc\"", "\"abc\""));
        assertTrue(EntityTags.matches("W/\"abc\"", "\"abc\""));
        assertTrue(EntityTags.matches("\"x\", \"abc\"", "\"abc\""));
        assertTrue(EntityTags.matches("*", "\"abc\""));
        assertFalse(EntityTags.matches("\"abcd\"", "\"abc\""));
        assertFalse(EntityTags.matches(null, "\"abc\""));
        Instant t = Instant.parse("2026-11-21T10:15:30.999Z");
        assertTrue(EntityTags.notModifiedSince(EntityTags.httpDate(t), t));
        assertFalse(EntityTags.notModifiedSince(EntityTags.httpDate(t.minusSeconds(1)), t));
        assertFalse(EntityTags.notModifiedSince("yesterday", t));
    }
}
