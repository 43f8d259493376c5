package io.satchel.sync.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.rest.ApiException;
import io.satchel.sync.service.ProgressEventParser;
import io.satchel.sync.service.ProgressEventParser.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token-stream reader must answer exactly what reading the body as a tree and checking each node answers. */
class ProgressBodyReaderTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00.000Z");
    final ObjectMapper mapper = new ObjectMapper();
    final ProgressBodyReader reader = new ProgressBodyReader();

    ProgressBodyReaderTest() {
        reader.mapper = mapper;
    }

    static ProgressEventParser checks() {
        return new ProgressEventParser(NOW, Duration.ofMinutes(5), false);
    }

    List<Parsed> streamed(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), checks(), 1000);
    }

    List<Parsed> viaTree(String body) throws Exception {
        JsonNode events = mapper.readTree(body).get("events");
        ProgressEventParser checks = checks();
        List<Parsed> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            out.add(checks.parse(i, events.get(i), null));
        }
        return out;
    }

    static final String OK = "\"eventId\":\"0b7c3a4e-1111-4c4c-9d9d-000000000001\",\"courseId\":\"course-v1:A+B+C\","
            + "\"contentId\":\"block-v1:A+B+C+type@html+block@x\",\"lastAccessTime\":\"2026-11-21T09:00:00.123Z\"";

    @Test
    void everyFieldReadsAsTheTreeReadsIt() throws Exception {
        String[] items = {
            "{" + OK + ",\"status\":1,\"progress\":40,\"batchId\":\"b1\"}",
            "{" + OK + ",\"status\":2,\"progress\":10,\"lastCompletedTime\":\"2026-11-21T09:30:00Z\"}",
            "{" + OK + ",\"status\":1}", // progress absent ⇒ 0
            "{" + OK + ",\"status\":1,\"progress\":null,\"batchId\":null,\"lastCompletedTime\":null}",
            "{" + OK + ",\"status\":1.0}",
            "{" + OK + ",\"status\":\"1\"}",
            "{" + OK + ",\"status\":12345678901}",
            "{" + OK + ",\"status\":[1]}",
            "{" + OK + ",\"status\":1,\"progress\":{\"v\":1}}",
            "{" + OK + ",\"status\":1,\"progress\":-1}",
            "{" + OK + ",\"status\":1,\"batchId\":5}",
            "{" + OK + ",\"status\":1,\"batchId\":{\"a\":[1,2]}}",
            "{" + OK + ",\"status\":1,\"lastAccessTime\":12}",
            "{" + OK + ",\"status\":1,\"lastAccessTime\":null}",
            "{" + OK + ",\"status\":1,\"lastAccessTime\":\"2026-11-21 15:00:00:000+0530\"}",
            "{" + OK + ",\"status\":1,\"lastAccessTime\":\"2026-11-21T10:06:00.000Z\"}",
            "{" + OK + ",\"status\":1,\"eventId\":17}",
            "{" + OK + ",\"status\":1,\"eventId\":\"0B7C3A4E-1111-4C4C-9D9D-000000000001\"}",
            "{" + OK + ",\"status\":1,\"courseId\":[\"course-v1:A+B+C\"]}",
            "{" + OK + ",\"status\":1,\"contentId\":\"  \"}",
            "{" + OK + ",\"status\":0,\"status\":2}", // a repeated key counts with its last value
            "{" + OK + ",\"status\":1,\"extra\":{\"deep\":[{\"status\":0}]},\"more\":[1,{\"x\":null}]}",
            "{}",
        };
        String body = "{\"before\":{\"events\":1},\"events\":[" + String.join(",", items) + "],\"after\":[1,2]}";
        List<Parsed> streamed = streamed(body);
        List<Parsed> tree = viaTree(body);
        assertEquals(items.length, streamed.size());
        for (int i = 0; i < items.length; i++) {
            assertEquals(tree.get(i), streamed.get(i), "item " + i + ": " + items[i]);
        }
        assertEquals("INVALID_STATUS", streamed.get(4).error()); // the comparison above is not vacuous
        assertEquals(2, streamed.get(20).event().status());
    }

    @Test
    void manyDistinctAndRepeatedCoursesAndContentsReadAsTheTreeReadsThem() throws Exception {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(java.util.UUID.randomUUID())
                    .append("\",\"courseId\":\"course-v1:A+B+C").append(i % 7).append("\",\"contentId\":\"")
                    .append("block-v1:A+B+C+type@html+block@x").append(i % 450).append(i % 13 == 0 ? "\\u00e9" : "")
                    .append("\",\"status\":1,\"lastAccessTime\":\"2026-11-21T09:00:00.123Z\"}");
        }
        String text = body.append("]}").toString();
        List<Parsed> streamed = streamed(text);
        assertEquals(viaTree(text), streamed);
        assertEquals("block-v1:A+B+C+type@html+block@x13\u00e9", streamed.get(13).event().contentId());
    }

    @Test
    void wholeBodyProblemsInTheTreeReadersOrder() {
        assertEquals("INVALID_JSON", code(""));
        assertEquals("INVALID_JSON", code("   "));
        assertEquals("INVALID_JSON", code("{\"events\": ["));
        assertEquals("INVALID_JSON", code("[1, 2"));
        assertEquals("INVALID_BODY", code("[]"));
        assertEquals("INVALID_BODY", code("null"));
        assertEquals("INVALID_BODY", code("{\"events\": {}}"));
        assertEquals("INVALID_BODY", code("{\"other\": []}"));
        assertEquals("INVALID_BODY", code("{\"events\": [], \"events\": 3}")); // the last one counts
        assertEquals("INVALID_BODY", code("{\"events\": [{" + OK + "}, \"oops\"]}"));
        String many = "{\"events\": [" + "{},".repeat(1000) + "\"not an object\"]}";
        assertEquals("TOO_MANY_EVENTS", code(many)); // 413 before the element check, as before
        assertEquals("INVALID_JSON", code(many.substring(0, many.length() - 1))); // and malformed JSON before both
        assertEquals(0, streamed("{\"events\": [{}], \"events\": []}").size());
    }

    private String code(String body) {
        ApiException e = assertThrows(ApiException.class, () -> streamed(body));
        return e.code();
    }
}
