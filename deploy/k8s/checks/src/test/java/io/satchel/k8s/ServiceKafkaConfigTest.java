package io.satchel.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceKafkaConfigTest {
    private static ServiceKafkaConfig parse(String properties) throws Exception {
        return ServiceKafkaConfig.of("svc", new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheRenderersChannelsFromItsApplicationProperties() {
        ServiceKafkaConfig renderer = ServiceKafkaConfig.read("renderer");
        assertEquals(List.of(new ServiceKafkaConfig.Incoming("course-published", List.of("course.published"),
                "renderer", "earliest", null)), renderer.incoming());
        // course.published.dlq is written by the consumer pipeline's own producer, not by a channel
        assertEquals(Set.of("course.rendered"), renderer.produced());
    }

    @Test
    void appliesSmallRyeAndQuarkusDefaultsAndIgnoresProfiles() throws Exception {
        ServiceKafkaConfig c = parse("""
                quarkus.application.name=my-app
                mp.messaging.incoming.orders.connector=smallrye-kafka
                mp.messaging.incoming.orders.failure-strategy=dead-letter-queue
                mp.messaging.incoming.both.connector=smallrye-kafka
                mp.messaging.incoming.both.topics=a, b
                mp.messaging.incoming.both.group.id=g
                mp.messaging.outgoing.memory.connector=smallrye-in-memory
                %test.mp.messaging.incoming.orders.group.id=test-group
                """);
        assertEquals(List.of(
                new ServiceKafkaConfig.Incoming("both", List.of("a", "b"), "g", "latest", null),
                new ServiceKafkaConfig.Incoming("orders", List.of("orders"), "my-app", "latest",
                        "dead-letter-topic-orders")), c.incoming());
        assertEquals(Set.of("dead-letter-topic-orders"), c.produced());
    }

    @Test
    void refusesWhatTheChecksCannotFollow() {
        assertThrows(IllegalStateException.class, () -> parse("""
                mp.messaging.incoming.x.connector=smallrye-kafka
                mp.messaging.incoming.x.pattern=true
                mp.messaging.incoming.x.topic=course.*
                """));
        assertThrows(IllegalStateException.class, () -> parse("""
                mp.messaging.incoming.x.connector=smallrye-kafka
                mp.messaging.incoming.x.failure-strategy=delayed-retry-topic
                """));
    }
}
