package io.satchel.common.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Writes the original record (key, value, CloudEvents headers) to {@code <topic>.dlq} with the {@link DeadLetters}
 * header set, and returns only once the broker stored it. Never fails for size: a value that would not fit in one
 * request is put in object storage ({@link ObjectKeys#deadLetterValue}) and the dead letter carries its key instead.
 */
public class DeadLetterWriter {
    private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class);
    /** Room kept for the record batch framing and the headers' varints, so the estimate errs on the safe side. */
    static final int FRAMING_ALLOWANCE = 16 * 1024;
    private static final int MAX_REASON_CHARS = 2000;

    private final Producer<String, byte[]> producer;
    private final ObjectStore store;
    private final int maxRequestSize;

    public DeadLetterWriter(Producer<String, byte[]> producer, ObjectStore store, int maxRequestSize) {
        this.producer = producer;
        this.store = store;
        this.maxRequestSize = maxRequestSize;
    }

    /** @return the DLQ record as written */
    public ProducerRecord<String, byte[]> write(ConsumerRecord<String, byte[]> original, String code, String reason,
            int attempts) {
        String publishId = publishIdOf(original.value());
        DeadLetters.DeadLetter letter = new DeadLetters.DeadLetter(code, truncate(reason), original.topic(),
                original.partition(), original.offset(), CloudEvents.header(original.headers(), CloudEvents.ID),
                publishId, Timestamps.now(), attempts, null);
        byte[] value = original.value() == null ? new byte[0] : original.value();
        ProducerRecord<String, byte[]> record = record(original, letter, value);
        if (estimatedSize(record) > maxRequestSize) {
            record = withValueInStore(original, letter);
        }
        try {
            send(record);
        } catch (RecordTooLargeException e) {
            // the broker's or topic's limit may be lower than ours
            if (record.value().length == 0) {
                throw e;
            }
            record = withValueInStore(original, letter);
            send(record);
        }
        LOG.warnf("%s-%d@%d to %s (%s, %d attempt(s)%s): %s", original.topic(), original.partition(),
                original.offset(), record.topic(), code, attempts,
                record.value().length == 0 && original.value() != null && original.value().length > 0
                        ? ", value in object storage" : "", letter.reason());
        return record;
    }

    private ProducerRecord<String, byte[]> withValueInStore(ConsumerRecord<String, byte[]> original,
            DeadLetters.DeadLetter letter) {
        String key = ObjectKeys.deadLetterValue(original.topic(), original.partition(), original.offset());
        store.put(key, original.value(), "application/octet-stream", Map.of());
        DeadLetters.DeadLetter withKey = new DeadLetters.DeadLetter(letter.code(), letter.reason(),
                letter.originTopic(), letter.originPartition(), letter.originOffset(), letter.ceId(),
                letter.publishId(), letter.time(), letter.attempts(), key);
        return record(original, withKey, new byte[0]);
    }

    private static ProducerRecord<String, byte[]> record(ConsumerRecord<String, byte[]> original,
            DeadLetters.DeadLetter letter, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : original.headers()) {
            if (!DeadLetters.isDeadLetterHeader(h.key())) {
                headers.add(h);
            }
        }
        DeadLetters.write(letter, headers);
        return new ProducerRecord<>(Topics.deadLetter(original.topic()), null, original.key(), value, headers);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            RecordMetadata stored = producer.send(record).get();
            LOG.debugf("dead letter stored at %s-%d@%d", stored.topic(), stored.partition(), stored.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing a dead letter", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) {
                throw k;
            }
            throw new KafkaException("dead letter not stored: " + e.getCause(), e.getCause());
        }
    }

    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Upper bound of the serialized size of a record (the producer rejects records above max.request.size). */
    static long estimatedSize(ProducerRecord<String, byte[]> record) {
        long size = FRAMING_ALLOWANCE + record.value().length;
        if (record.key() != null) {
            size += record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        for (Header h : record.headers()) {
            size += h.key().length() * 4L + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /** The publishId of a value that is JSON with one, even when it is not a valid event (for the publish status). */
    static String publishIdOf(byte[] value) {
        if (value == null || value.length == 0 || value[0] != '{') {
            return null;
        }
        try {
            JsonNode id = EventJson.mapper().readTree(value).get("publishId");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String truncate(String reason) {
        String r = reason == null ? "" : reason;
        return r.length() <= MAX_REASON_CHARS ? r : r.substring(0, MAX_REASON_CHARS) + "…";
    }
}
