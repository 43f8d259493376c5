package io.satchel.common.outbox;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends one record at a time and waits for the broker's ack, bounded by {@code satchel.outbox.send-timeout}. A plain
 * producer rather than a SmallRye channel because the outbox needs exactly this: a synchronous, time-bounded ack per
 * row, nothing buffered or retried behind its back. Built on the service's {@code kafka.*} settings (bootstrap
 * servers and, in a cluster, its security settings), like the dead-letter producer.
 */
@ApplicationScoped
public class OutboxSender {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    OutboxConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private KafkaProducer<String, byte[]> producer;

    /** @throws SendFailedException when the broker did not acknowledge the record in time */
    public synchronized void send(String topic, String key, Headers headers, byte[] value) {
        Duration timeout = config.sendTimeout();
        try {
            producer().send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardProducer();
            throw new SendFailedException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // A fresh producer next time: the old one must not deliver a record we already counted as failed
            // (it would arrive a second time when the row is sent again).
            discardProducer();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new SendFailedException("sending to " + topic + " failed: " + cause, cause);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(kafka, config.sendTimeout(), application + "-outbox"),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, Duration sendTimeout, String clientId) {
        long timeout = sendTimeout.toMillis();
        long request = Math.max(1000, timeout / 2);
        Map<String, Object> p = new HashMap<>();
        kafka.forEach((k, v) -> {
            // only producer settings (the map also holds Quarkus' own kafka.* keys such as health and devservices)
            if (ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Fail fast while the broker is down: the row stays pending and the relay tries again later.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, request));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return p;
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** The broker did not acknowledge a record. */
    public static class SendFailedException extends RuntimeException {
        public SendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
