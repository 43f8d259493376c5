package io.satchel.publish.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.publish.entity.PublishStatusRow;
import io.satchel.publish.model.PublishState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublishStatusRulesTest {
    private static final String COURSE = "course-v1:A+B+C";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.000Z");
    private static final Instant LATER = Instant.parse("2026-11-01T10:05:00.000Z");

    private static PublishStatusRow accepted(String id, Instant publishedAt) {
        return PublishStatusRules.accepted(COURSE, id, publishedAt, T0);
    }

    @Test
    void acceptedThenRenderedThenLive() {
        PublishStatusRow row = accepted("p1", T0);
        assertEquals(PublishState.ACCEPTED, row.status);
        assertEquals("[]", row.problems);
        assertTrue(PublishStatusRules.rendered(row, 10, 4, 1, "[{\"blockId\":\"b\"}]", LATER));
        assertEquals(PublishState.RENDERED, row.status);
        assertEquals(10, row.blockTotal);
        assertEquals(4, row.blockRendered);
        assertEquals(1, row.blockUnavailable);
        assertEquals(LATER, row.updatedAt);
        assertTrue(PublishStatusRules.live(row, LATER.plusSeconds(1)));
        assertEquals(PublishState.LIVE, row.status);
        assertEquals(LATER.plusSeconds(1), row.updatedAt);
    }

    @Test
    void aReplayedEventChangesNothing() {
        PublishStatusRow row = accepted("p1", T0);
        PublishStatusRules.rendered(row, 10, 4, 0, "[]", LATER);
        assertFalse(PublishStatusRules.rendered(row, 99, 99, 9, "[]", LATER.plusSeconds(9)));
        assertEquals(10, row.blockTotal);
        assertEquals(LATER, row.updatedAt, "a no-op does not touch updatedAt");
        PublishStatusRules.live(row, LATER);
        assertFalse(PublishStatusRules.live(row, LATER.plusSeconds(9)));
    }

    @Test
    void aLateRenderedNeverMovesLiveBackButFillsInTheCounts() {
        PublishStatusRow row = accepted("p1", T0);
        PublishStatusRules.live(row, LATER); // course.live seen before course.rendered (separate topics)
        assertTrue(PublishStatusRules.rendered(row, 5, 5, 2, "[{\"blockId\":\"x\"}]", LATER.plusSeconds(1)));
        assertEquals(PublishState.LIVE, row.status);
        assertEquals(2, row.blockUnavailable);
        assertEquals("[{\"blockId\":\"x\"}]", row.problems);
    }

    @Test
    void failedIsTerminalAndKeepsTheFirstError() {
        PublishStatusRow row = accepted("p1", T0);
        assertTrue(PublishStatusRules.failed(row, "MALFORMED_OLX", "Rendering failed: bad course.xml", LATER));
        assertEquals(PublishState.FAILED, row.status);
        assertFalse(PublishStatusRules.failed(row, "OTHER", "other", LATER.plusSeconds(1)));
        assertEquals("MALFORMED_OLX", row.errorCode);
        assertFalse(PublishStatusRules.live(row, LATER.plusSeconds(2)));
        PublishStatusRules.rendered(row, 1, 1, 0, "[]", LATER.plusSeconds(2)); // a late course.rendered
        assertEquals(PublishState.FAILED, row.status);
    }

    @Test
    void aDeadLetterDoesNotOverrideLive() {
        PublishStatusRow row = accepted("p1", T0);
        PublishStatusRules.live(row, LATER);
        assertFalse(PublishStatusRules.failed(row, "INVALID_EVENT", "late dead letter", LATER.plusSeconds(1)));
        assertEquals(PublishState.LIVE, row.status);
        assertNull(row.errorCode);
    }

    @Test
    void renderedCanFail() {
        PublishStatusRow row = accepted("p1", T0);
        PublishStatusRules.rendered(row, 3, 3, 0, "[]", LATER);
        assertTrue(PublishStatusRules.failed(row, "INVALID_RENDER", "Archiving failed: x", LATER));
        assertEquals(PublishState.FAILED, row.status);
    }

    @Test
    void olderPublishesNotYetLiveAreSupersededNewerOnesAndEndsAreNot() {
        PublishStatusRow live = accepted("p2", T0.plusSeconds(60));
        PublishStatusRules.live(live, LATER);
        PublishStatusRow olderAccepted = accepted("p0", T0);
        PublishStatusRow olderRendered = accepted("p1", T0.plusSeconds(30));
        PublishStatusRules.rendered(olderRendered, 1, 1, 0, "[]", LATER);
        PublishStatusRow olderFailed = accepted("pf", T0.plusSeconds(10));
        PublishStatusRules.failed(olderFailed, "X", "x", LATER);
        PublishStatusRow olderLive = accepted("pl", T0.minusSeconds(60));
        PublishStatusRules.live(olderLive, LATER);
        PublishStatusRow newer = accepted("p3", T0.plusSeconds(120));

        assertTrue(PublishStatusRules.supersededBy(olderAccepted, live, LATER));
        assertTrue(PublishStatusRules.supersededBy(olderRendered, live, LATER));
        assertEquals(PublishState.SUPERSEDED, olderAccepted.status);
        assertEquals(PublishState.SUPERSEDED, olderRendered.status);
        assertFalse(PublishStatusRules.supersededBy(olderFailed, live, LATER));
        assertEquals(PublishState.FAILED, olderFailed.status);
        assertFalse(PublishStatusRules.supersededBy(olderLive, live, LATER));
        assertEquals(PublishState.LIVE, olderLive.status);
        assertFalse(PublishStatusRules.supersededBy(newer, live, LATER));
        assertEquals(PublishState.ACCEPTED, newer.status);
    }

    @Test
    void supersededIsTerminal() {
        PublishStatusRow live = accepted("p2", T0.plusSeconds(60));
        PublishStatusRow old = accepted("p1", T0);
        PublishStatusRules.supersededBy(old, live, LATER);
        assertFalse(PublishStatusRules.live(old, LATER));
        assertFalse(PublishStatusRules.failed(old, "X", "x", LATER));
        assertEquals(PublishState.SUPERSEDED, old.status);
    }
}
