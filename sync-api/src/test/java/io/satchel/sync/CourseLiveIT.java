package io.satchel.sync;

import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseLive;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.Topics;
import io.satchel.sync.SyncFixtures.Published;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** course.live on real Kafka: sent once a manifest is the served one, never for a stale manifest. */
@QuarkusTest
class CourseLiveIT {
    @Inject
    ObjectStore store;

    @Test
    void courseLiveFollowsAnInstalledManifestAndNotAStaleOne() {
        String course = newCourseId();
        Published newer = SyncFixtures.publish(store, course, now().minusSeconds(60), 2);
        Published stale = SyncFixtures.writeManifest(store, course, now().minusSeconds(120), 1, "old");
        SyncFixtures.send(stale.event());
        SyncFixtures.send(newer.event()); // a redelivery: announced again, with the same ce_id

        List<ConsumerRecord<String, byte[]>> records = courseLive(course, 2, Duration.ofSeconds(60));
        assertEquals(2, records.size(), "one course.live per processing of the served manifest, none for the stale");
        for (ConsumerRecord<String, byte[]> r : records) {
            CourseLive live = EventJson.fromBytes(r.value(), CourseLive.class);
            assertEquals(newer.event().publishId(), live.publishId());
            assertEquals(course, live.courseId());
            assertEquals(newer.event().publishedAt(), live.publishedAt());
            assertEquals(4, live.blockCount());
            assertTrue(live.liveAt() != null);
            assertEquals(course, r.key());
            assertEquals(EventType.COURSE_LIVE.ceType(), CloudEvents.header(r.headers(), CloudEvents.TYPE));
            assertEquals("/satchel/sync-api", CloudEvents.header(r.headers(), CloudEvents.SOURCE));
        }
        assertEquals(CloudEvents.header(records.get(0).headers(), CloudEvents.ID),
                CloudEvents.header(records.get(1).headers(), CloudEvents.ID), "ce_id is stable per publish");
    }

    /** Every course.live record of the course: waits for {@code expected}, then 5 s more so an extra one shows too. */
    private static List<ConsumerRecord<String, byte[]>> courseLive(String courseId, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SyncFixtures.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "live-check-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.COURSE_LIVE));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (courseId.equals(r.key())) {
                        found.add(r);
                    }
                }
                if (found.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
            }
        }
        return found;
    }
}
