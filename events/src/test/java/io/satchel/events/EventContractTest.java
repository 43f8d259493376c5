package io.satchel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class EventContractTest {

    @Test
    void timestampsAlwaysCarryMillisecondsInUtc() {
        assertEquals("2026-11-21T10:15:30.000Z", Timestamps.format(Instant.parse("2026-11-21T10:15:30Z")));
        assertEquals(Instant.parse("2026-11-21T09:15:30.123Z"), Timestamps.parse("2026-11-21T10:15:30.123456+01:00"));
    }

    @Test
    void eventRoundTripsThroughJsonWithContractTimeFormat() {
        CoursePublished event = new CoursePublished("p1", "course-v1:A+B+C", Instant.parse("2026-11-21T10:15:30Z"),
                ObjectKeys.source("course-v1:A+B+C", "p1"), null, null);
        String json = EventJson.toString(event);
        assertTrue(json.contains("\"publishedAt\":\"2026-11-21T10:15:30.000Z\""), json);
        assertFalse(json.contains("sourceUrl"), "absent fields are omitted: " + json);
        assertEquals(event, EventJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), CoursePublished.class));
    }

    @Test
    void cloudEventHeadersNameTypeAndRejectAnotherType() {
        CourseRendered event = new CourseRendered("p1", "course-v1:A+B+C", Timestamps.now(), Timestamps.now(),
                "k", 3, 1, 0);
        Headers headers = CloudEvents.headers(event, "id-1", "/satchel/renderer", null);
        assertEquals("io.satchel.course.rendered.v1", CloudEvents.header(headers, CloudEvents.TYPE));
        assertEquals("1.0", CloudEvents.header(headers, CloudEvents.SPEC_VERSION));
        byte[] value = EventJson.toBytes(event);
        assertEquals(event, CloudEvents.read(EventType.COURSE_RENDERED, headers, value, CourseRendered.class));
        assertThrows(InvalidEventException.class,
                () -> CloudEvents.read(EventType.COURSE_ARCHIVED, headers, value, CourseArchived.class));
        assertThrows(InvalidEventException.class, () -> CloudEvents.read(EventType.COURSE_RENDERED, headers,
                "{not json".getBytes(StandardCharsets.UTF_8), CourseRendered.class));
    }

    @Test
    void segmentsAreSafeAndReversible() {
        String block = "block-v1:OpenedX+DemoX+DemoCourse+type@html+block@a:b c/..";
        String seg = ObjectKeys.segment(block);
        assertTrue(seg.matches("[A-Za-z0-9._~-]+"), seg);
        assertEquals(block, ObjectKeys.unsegment(seg));
        assertEquals("~2E~2E", ObjectKeys.segment(".."));
    }

    @Test
    void courseKeysParseAndNameBlocks() {
        CourseKey key = CourseKey.parse("course-v1:OpenedX+DemoX+DemoCourse");
        String block = key.blockId("html", "intro");
        assertEquals("block-v1:OpenedX+DemoX+DemoCourse+type@html+block@intro", block);
        assertTrue(key.owns(block));
        assertFalse(CourseKey.parse("course-v1:X+DemoX+DemoCourse").owns(block));
        assertEquals("html", CourseKey.blockType(block));
        assertThrows(IllegalArgumentException.class, () -> CourseKey.parse("course-v1:A+B"));
    }
}
