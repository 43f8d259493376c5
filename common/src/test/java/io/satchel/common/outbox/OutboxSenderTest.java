package io.satchel.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbox producer signs in like the service's channels do, and fails fast while the broker is away. */
class OutboxSenderTest {

    @Test
    void producerTakesTheServicesKafkaSettingsButKeepsItsOwnDeliveryRules() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "kafka-0:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "health-enabled", "false", // a Quarkus key, not a producer setting
                "acks", "1",
                "value.serializer", "org.example.Other");
        Map<String, Object> p = OutboxSender.producerConfig(kafka, Duration.ofSeconds(10), "sync-api-outbox");
        assertEquals("kafka-0:9093", p.get("bootstrap.servers"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
        assertEquals(kafka.get("sasl.jaas.config"), p.get("sasl.jaas.config"));
        assertFalse(p.containsKey("health-enabled"));
        assertFalse(p.containsKey("value.serializer"), "the sender passes its own serializers");
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals("sync-api-outbox", p.get("client.id"));
        assertEquals(10_000L, p.get("max.block.ms"));
        assertEquals(5000, p.get("request.timeout.ms"));
        assertEquals(10_000, p.get("delivery.timeout.ms"));
    }
}
