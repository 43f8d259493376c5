package io.satchel.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.satchel.events.EventJson;
import jakarta.inject.Singleton;

/**
 * HTTP JSON uses the same time format as events: RFC 3339, UTC, always three fraction digits. Applied last (lowest
 * priority) so the extensions' own JavaTimeModule cannot shorten whole seconds to {@code 16:11:16Z}.
 */
@Singleton
public class SatchelObjectMapperCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(EventJson.module());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
