package io.satchel.publish.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.testing.RealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes pipeline records to the real broker as the other services would, and reads the status API. */
public final class StatusRecords {

    /** An event on its topic with CloudEvents headers, as the renderer, archiver or sync-api send it. */
    public static void send(CourseEvent event) {
        send(EventType.ofValue(event).topic(), event.courseId(), EventJson.toBytes(event),
                CloudEvents.headers(event, UUID.randomUUID().toString(), "/satchel/test", null));
    }

    /** A dead letter: {@code headerPairs} are name, value, name, value, ... */
    public static void deadLetter(String topic, String key, String value, String... headerPairs) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        send(topic, key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static void send(String topic, String key, byte[] value, Headers headers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafka().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response status(String courseId, String publishId) {
        return given().urlEncodingEnabled(false).header("Authorization", PublishApi.PUBLISHER)
                .get("/api/v1/courses/" + courseId + "/publishes/" + publishId);
    }

    public static Response list(String courseId, String query) {
        return given().urlEncodingEnabled(false).header("Authorization", PublishApi.PUBLISHER)
                .get("/api/v1/courses/" + courseId + "/publishes" + query);
    }

    /** Polls the status until it is {@code expected}; returns that answer. */
    public static Response awaitStatus(String courseId, String publishId, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = status(courseId, publishId);
            if (last.statusCode() == 200 && expected.equals(last.jsonPath().getString("status"))) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("publish " + publishId + " did not reach " + expected + ": "
                + (last == null ? "no answer" : last.statusCode() + " " + last.asString()));
    }

    private StatusRecords() {
    }
}
