package io.satchel.sync.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.sync.model.ItemResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemResultsJsonTest {
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesWhatTheObjectMapperWrites() throws Exception {
        List<ItemResult> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // more than the first buffer guess holds
            results.add(i % 3 == 0 ? ItemResult.applied(UUID.randomUUID().toString())
                    : ItemResult.duplicate(UUID.randomUUID().toString().toUpperCase()));
        }
        for (String odd : new String[] {"quote\"d", "back\\slash", "tab\there", "nl\n", "\u0001ctl", "é-ü",
            "\u20ac", "\uD83D\uDE00 emoji", "</script>", "x".repeat(5000), ""}) {
            results.add(ItemResult.rejected(odd, "INVALID_EVENT_ID"));
        }
        results.add(ItemResult.rejected(null, "INVALID_EVENT_ID"));
        results.add(ItemResult.rejected(UUID.randomUUID().toString(), "NOT_ENROLLED"));
        String expected = mapper.writeValueAsString(Map.of("results", results));
        String actual = new String(ItemResultsJson.write(results), StandardCharsets.UTF_8);
        assertEquals(expected, actual);
        assertEquals("{\"results\":[]}", new String(ItemResultsJson.write(List.of()), StandardCharsets.UTF_8));
    }
}
