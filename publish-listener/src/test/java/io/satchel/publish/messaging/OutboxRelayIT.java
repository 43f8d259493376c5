package io.satchel.publish.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.publish.entity.OutboxEvent;
import io.satchel.publish.support.PublishApi;
import io.satchel.publish.support.CoursePublishedTopic;
import io.satchel.publish.support.Stored;
import io.satchel.publish.support.TestCourse;
import io.satchel.testing.KafkaBroker;
import io.satchel.testing.RealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outbox keeps publishes while Kafka is down and delivers each exactly once, in order, when it is back. It runs
 * against a broker the harness can stop ({@link RealInfrastructure#controllableKafka()}), whatever the other tests use.
 */
@QuarkusTest
@TestProfile(OutboxRelayIT.StoppableBroker.class)
class OutboxRelayIT {

    public static class StoppableBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", RealInfrastructure.controllableKafka().bootstrapServers());
        }
    }

    @Test
    void publishesAcceptedDuringAKafkaOutageAreDeliveredOnceEachInOrderAfterwards() throws Exception {
        KafkaBroker kafka = RealInfrastructure.controllableKafka();
        CourseKey course = TestCourse.unique();
        CourseKey other = TestCourse.unique();
        List<String> times = List.of("2026-06-01T00:00:00.000Z", "2026-06-02T00:00:00.000Z", "2026-06-03T00:00:00.000Z");
        List<String> ids;
        kafka.stop();
        try {
            ids = times.stream().map(t -> PublishApi.upload(course.courseId(), t,
                    TestCourse.export(course).bytes()).then().statusCode(202).extract().<String>path("publishId"))
                    .toList();
            PublishApi.upload(other.courseId(), null, TestCourse.export(other).bytes()).then()
                    .statusCode(202);
            Thread.sleep(4000); // the relay tries, fails within its send timeout, and keeps the rows
            List<OutboxEvent> pending = Stored.outbox(course.courseId());
            assertEquals(3, pending.size());
            assertTrue(pending.stream().allMatch(e -> e.sentAt == null), "nothing is marked sent without an ack");
            assertTrue(Stored.outbox(other.courseId()).get(0).sentAt == null);
            assertTrue(pending.get(0).attempts > 0 && pending.get(0).lastError != null,
                    "the relay tried while Kafka was down: " + pending.get(0).attempts);
        } finally {
            kafka.start();
        }

        List<ConsumerRecord<String, byte[]>> records = CoursePublishedTopic.records(kafka, course.courseId(), 3,
                Duration.ofSeconds(60), Duration.ofSeconds(5));
        List<String> delivered = records.stream()
                .map(r -> EventJson.fromBytes(r.value(), CoursePublished.class).publishId()).toList();
        assertEquals(ids, delivered, "one event per publish, in publish order");
        List<String> ceIds = records.stream().map(r -> CloudEvents.header(r.headers(), CloudEvents.ID)).toList();
        assertEquals(Stored.outbox(course.courseId()).stream().map(e -> e.id.toString()).toList(), ceIds);
        assertTrue(Stored.outbox(course.courseId()).stream().allMatch(e -> e.sentAt != null));
        assertEquals(1, CoursePublishedTopic.records(kafka, other.courseId(), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(1)).size());
    }
}
