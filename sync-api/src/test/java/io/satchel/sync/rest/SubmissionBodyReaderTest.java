package io.satchel.sync.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.rest.ApiException;
import io.satchel.sync.service.SubmissionParser;
import io.satchel.sync.service.SubmissionParser.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole-body answers of POST /api/v1/submissions, in the progress reader's precedence; items keep request order. */
class SubmissionBodyReaderTest {
    final SubmissionBodyReader reader = new SubmissionBodyReader();

    SubmissionBodyReaderTest() {
        reader.json = new JsonBodies();
        reader.json.mapper = new ObjectMapper();
    }

    List<Parsed> read(String body, int max) {
        SubmissionParser checks = new SubmissionParser(Instant.parse("2026-11-21T10:00:00.000Z"),
                Duration.ofMinutes(5), 65536);
        return reader.read(body.getBytes(StandardCharsets.UTF_8), checks, max);
    }

    ApiException error(String body, int max) {
        return assertThrows(ApiException.class, () -> read(body, max));
    }

    @Test
    void wholeBodyProblemsAreAnswered400Or413() {
        assertEquals("INVALID_JSON", error("{\"submissions\": [", 5).code());
        assertEquals("INVALID_JSON", error("", 5).code());
        assertEquals("INVALID_BODY", error("[]", 5).code());
        assertEquals("INVALID_BODY", error("{\"events\": []}", 5).code());
        assertEquals("INVALID_BODY", error("{\"submissions\": {}}", 5).code());
        assertEquals("INVALID_BODY", error("{\"submissions\": [{}, 3]}", 5).code());
        ApiException tooMany = error("{\"submissions\": [{}, {}, {}]}", 2);
        assertEquals(413, tooMany.status());
        assertEquals("TOO_MANY_SUBMISSIONS", tooMany.code());
        assertEquals(413, error("{\"submissions\": [{}, {}, 3]}", 2).status(), "413 before a bad element");
    }

    @Test
    void itemsAreCheckedOneByOneInRequestOrder() {
        List<Parsed> parsed = read("{\"submissions\": [{\"eventId\": \"x\"}, {}]}", 5);
        assertEquals(2, parsed.size());
        assertEquals("x", parsed.get(0).eventId());
        assertEquals("INVALID_EVENT_ID", parsed.get(0).error());
        assertEquals("INVALID_EVENT_ID", parsed.get(1).error());
    }
}
