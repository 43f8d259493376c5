package io.satchel.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.events.EventJson;
import io.satchel.sync.model.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressEventParserTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00.000Z");
    final ProgressEventParser parser = new ProgressEventParser(NOW, Duration.ofMinutes(5), false);

    static ObjectNode item() {
        ObjectNode n = EventJson.mapper().createObjectNode();
        n.put("eventId", "0b7c3a4e-1111-4c4c-9d9d-000000000001");
        n.put("courseId", "course-v1:A+B+C");
        n.put("batchId", "b1");
        n.put("contentId", "block-v1:A+B+C+type@html+block@x");
        n.put("status", 1);
        n.put("progress", 40);
        n.put("lastAccessTime", "2026-11-21T09:00:00.123Z");
        return n;
    }

    String code(ObjectNode n) {
        return parser.parse(0, n, null).error();
    }

    @Test
    void wellFormedEventParses() {
        ProgressEvent e = parser.parse(3, item(), null).event();
        assertEquals(3, e.index());
        assertEquals(40, e.progress());
        assertEquals(Instant.parse("2026-11-21T09:00:00.123Z"), e.lastAccessTime());
        assertNull(e.lastCompletedTime());
    }

    @Test
    void completedMeansFullProgress() {
        ObjectNode n = item().put("status", 2).put("progress", 10);
        assertEquals(100, parser.parse(0, n, null).event().progress());
    }

    @Test
    void eachFieldHasItsCode() {
        assertEquals("INVALID_EVENT_ID", code(item().put("eventId", "1234")));
        assertEquals("INVALID_EVENT_ID", code((ObjectNode) item().without("eventId")));
        assertEquals("INVALID_COURSE_ID", code(item().put("courseId", "A/B/C")));
        assertEquals("INVALID_CONTENT_ID", code(item().put("contentId", "")));
        assertEquals("INVALID_BATCH_ID", code(item().put("batchId", 5)));
        assertEquals("INVALID_STATUS", code(item().put("status", 3)));
        assertEquals("INVALID_STATUS", code(item().put("status", 1.5)));
        assertEquals("INVALID_STATUS", code((ObjectNode) item().without("status")));
        assertEquals("INVALID_PROGRESS", code(item().put("progress", 101)));
        assertEquals("INVALID_PROGRESS", code(item().put("progress", "50")));
        assertEquals("INVALID_TIME", code(item().put("lastAccessTime", "2026-11-21T10:05:00.001Z")));
        assertEquals("INVALID_TIME", code(item().put("lastAccessTime", "soon")));
        assertEquals("INVALID_TIME", code((ObjectNode) item().without("lastAccessTime")));
        assertEquals("INVALID_TIME", code(item().put("lastCompletedTime", "2026-11-22T00:00:00Z")));
        assertNull(code(item().put("lastAccessTime", "2026-11-21T10:05:00.000Z")));
        assertNull(code((ObjectNode) item().without("progress")));
    }

    @Test
    void sunbirdItemsMayOmitAccessTimeAndUseTheServerEventId() {
        ProgressEventParser sunbird = new ProgressEventParser(NOW, Duration.ofMinutes(5), true);
        UUID id = UUID.randomUUID();
        ObjectNode n = (ObjectNode) item().without("lastAccessTime");
        n.remove("eventId");
        ProgressEvent e = sunbird.parse(0, n, id).event();
        assertEquals(id, e.eventId());
        assertEquals(NOW, e.lastAccessTime());
        n.put("lastAccessTime", "2026-11-21 15:00:00:000+0530");
        assertEquals(Instant.parse("2026-11-21T09:30:00Z"), sunbird.parse(0, n, id).event().lastAccessTime());
    }
}
