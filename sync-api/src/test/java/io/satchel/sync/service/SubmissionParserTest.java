package io.satchel.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.events.EventJson;
import io.satchel.sync.model.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmissionParserTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00.000Z");
    static final int MAX = 200;
    final SubmissionParser parser = new SubmissionParser(NOW, Duration.ofMinutes(5), MAX);

    static ObjectNode item() {
        ObjectNode n = EventJson.mapper().createObjectNode();
        n.put("eventId", "0b7c3a4e-1111-4c4c-9d9d-000000000001");
        n.put("courseId", "course-v1:A+B+C");
        n.put("contentId", "block-v1:A+B+C+type@problem+block@p1");
        ObjectNode answers = n.putObject("answers");
        answers.put("input_p1_2_1", "choice_1");
        answers.putArray("input_p1_3_1").add("choice_0").add("choice_2");
        n.put("submittedAt", "2026-11-21T09:00:00.123Z");
        return n;
    }

    String code(ObjectNode n) {
        return parser.parse(0, n).error();
    }

    @Test
    void wellFormedSubmissionParses() {
        SubmissionParser.Parsed p = parser.parse(4, item());
        assertNull(p.error());
        Submission s = p.submission();
        assertEquals(4, s.index());
        assertEquals(UUID.fromString("0b7c3a4e-1111-4c4c-9d9d-000000000001"), s.eventId());
        assertEquals("block-v1:A+B+C+type@problem+block@p1", s.contentId());
        assertEquals(Instant.parse("2026-11-21T09:00:00.123Z"), s.submittedAt());
        assertEquals("{\"input_p1_2_1\":\"choice_1\",\"input_p1_3_1\":[\"choice_0\",\"choice_2\"]}", s.answersJson());
    }

    @Test
    void identityFieldsAreChecked() {
        assertEquals("INVALID_EVENT_ID", code(item().put("eventId", "not-a-uuid")));
        assertEquals("INVALID_EVENT_ID", code((ObjectNode) item().without("eventId")));
        assertEquals("INVALID_COURSE_ID", code(item().put("courseId", "math101")));
        assertEquals("INVALID_CONTENT_ID", code(item().put("contentId", " ")));
        assertEquals("INVALID_CONTENT_ID", code(item().put("contentId", 7)));
    }

    @Test
    void answersAreAnObjectOfStringsOrStringArrays() {
        assertEquals("INVALID_ANSWERS", code((ObjectNode) item().without("answers")));
        assertEquals("INVALID_ANSWERS", code(item().put("answers", "choice_1")));
        ObjectNode number = item();
        ((ObjectNode) number.get("answers")).put("input_x", 3);
        assertEquals("INVALID_ANSWERS", code(number));
        ObjectNode nested = item();
        ((ObjectNode) nested.get("answers")).putArray("input_x").add("a").addObject();
        assertEquals("INVALID_ANSWERS", code(nested));
        ObjectNode nul = item();
        ((ObjectNode) nul.get("answers")).putNull("input_x");
        assertEquals("INVALID_ANSWERS", code(nul));
        ObjectNode empty = item();
        empty.putObject("answers");
        assertNull(code(empty), "a blank submission is an answer too");
    }

    @Test
    void answersOverTheLimitInUtf8BytesAreTooLarge() {
        // {"a":"…"} is 8 bytes plus the value
        ObjectNode atLimit = item();
        atLimit.putObject("answers").put("a", "x".repeat(MAX - 8));
        assertNull(code(atLimit));
        ObjectNode over = item();
        over.putObject("answers").put("a", "x".repeat(MAX - 7));
        assertEquals("ANSWERS_TOO_LARGE", code(over));
        ObjectNode multiByte = item();
        multiByte.putObject("answers").put("a", "é".repeat((MAX - 8) / 2 + 1)); // fewer chars than MAX, more bytes
        assertEquals("ANSWERS_TOO_LARGE", code(multiByte));
    }

    @Test
    void submittedAtMustBeATimeAtMostFiveMinutesAhead() {
        assertNull(code(item().put("submittedAt", "2026-11-21T10:04:59.000Z")));
        assertEquals("INVALID_TIME", code(item().put("submittedAt", "2026-11-21T10:05:00.001Z")));
        assertEquals("INVALID_TIME", code(item().put("submittedAt", "yesterday")));
        assertEquals("INVALID_TIME", code(item().put("submittedAt", 1763719200000L)));
        assertEquals("INVALID_TIME", code((ObjectNode) item().without("submittedAt")));
    }

    @Test
    void onlyProblemBlocksTakeSubmissions() {
        assertEquals(true, SubmissionIngest.isProblem("block-v1:A+B+C+type@problem+block@p1"));
        assertEquals(false, SubmissionIngest.isProblem("block-v1:A+B+C+type@html+block@p1"));
        assertEquals(false, SubmissionIngest.isProblem("block-v1:A+B+C+type@problemx+block@p1"));
        assertEquals(false, SubmissionIngest.isProblem("problem"));
    }
}
