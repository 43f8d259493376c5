package io.satchel.sync.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.sync.model.ItemResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code {"results": [{"eventId", "result", "error"?}]}} written with the streaming generator: the same JSON the
 * object mapper makes of {@link ItemResult} (null fields left out), without its per-item bean serializer work.
 */
@ApplicationScoped
public class ItemResultsJson {
    @Inject
    ObjectMapper mapper;

    public byte[] write(List<ItemResult> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + results.size() * 72);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (ItemResult r : results) {
                g.writeStartObject();
                if (r.eventId() != null) {
                    g.writeStringField("eventId", r.eventId());
                }
                g.writeStringField("result", r.result());
                if (r.error() != null) {
                    g.writeStringField("error", r.error());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return out.toByteArray();
    }
}
