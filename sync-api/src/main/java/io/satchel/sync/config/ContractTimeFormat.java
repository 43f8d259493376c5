package io.satchel.sync.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.satchel.events.Timestamps;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;

/**
 * Applied last (lowest priority), after the extensions' own modules: HTTP responses write every Instant in the
 * contract's form with exactly three fraction digits ({@code 2026-11-21T16:11:16.000Z}), also whole seconds, which
 * the default JavaTimeModule would shorten to {@code 16:11:16Z}.
 */
@Singleton
public class ContractTimeFormat implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("sync-api-contract-time");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(Timestamps.format(value));
            }
        });
        mapper.registerModule(module);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
