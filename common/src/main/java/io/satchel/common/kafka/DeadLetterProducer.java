package io.satchel.common.kafka;

import io.satchel.common.storage.ObjectStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The DLQ producer: a plain Kafka producer on the service's {@code kafka.*} settings (bootstrap servers and, in a
 * cluster, its security settings), synchronous, idempotent, acks=all.
 */
@ApplicationScoped
public class DeadLetterProducer {
    @Produces
    @ApplicationScoped
    DeadLetterWriter deadLetterWriter(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectStore store,
            PipelineConfig config) {
        return new DeadLetterWriter(producer(kafka, config.deadLetter().maxRequestSize()), store,
                config.deadLetter().maxRequestSize());
    }

    void close(@Disposes DeadLetterWriter writer) {
        writer.close();
    }

    static Producer<String, byte[]> producer(Map<String, Object> kafka, int maxRequestSize) {
        Map<String, Object> p = new HashMap<>();
        kafka.forEach((k, v) -> {
            // only producer settings (the map also holds Quarkus' own kafka.* keys such as health and devservices)
            if (ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "satchel-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
