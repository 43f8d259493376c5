package io.satchel.resilience;

import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseEvent;
import io.satchel.events.CourseLive;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records a broken or hostile producer writes to every consumed topic, each with valid CloudEvent headers so only
 * the value (or key) is wrong: not JSON, the wrong shape, a value of 1,047,000 bytes (under the broker's limit, over
 * what a DLQ copy with headers could carry), an object key of another course, a key that is not the courseId.
 * Each must land in {@code <topic>.dlq} with the pipeline's headers; no consumer may stop.
 */
public final class PoisonRecords {
    /** Under the broker's 1 MiB record limit with the headers, too big for a naive DLQ copy. */
    public static final int OVERSIZED_BYTES = 1_047_000;

    public static final List<String> TOPICS = List.of(Topics.COURSE_PUBLISHED, Topics.COURSE_RENDERED,
            Topics.COURSE_ARCHIVED, Topics.COURSE_LIVE);

    /** One poison record as written, and what kind of poison it is. */
    public record Poison(String kind, String key, EventLog.Sent sent) {
    }

    /** A poison record and its dead letter. */
    public record Landed(Poison poison, EventLog.Event letter, DeadLetters.DeadLetter deadLetter) {
    }

    private PoisonRecords() {
    }

    /** Writes every kind of poison for {@code course} to every consumed topic. */
    public static List<Poison> send(EventLog events, String course) {
        String publishId = UUID.randomUUID().toString();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Poison> sent = new ArrayList<>();
        for (String topic : TOPICS) {
            Headers headers = CloudEvents.headers(shape(topic, course, publishId, t), UUID.randomUUID().toString(),
                    "/harness", t);
            sent.add(new Poison("not JSON", course, events.send(topic, course, bytes("not json {"), copy(headers))));
            sent.add(new Poison("wrong shape", course, events.send(topic, course, bytes("{\"hello\": [1, 2]}"),
                    copy(headers))));
            byte[] big = new byte[OVERSIZED_BYTES];
            Arrays.fill(big, (byte) 'x');
            big[0] = '"';
            big[big.length - 1] = '"';
            sent.add(new Poison("1,047,000-byte value", course, events.send(topic, course, big, copy(headers))));
            if (!topic.equals(Topics.COURSE_LIVE)) { // course.live names no object
                // names an object of another course (a producer that got it wrong, or a hostile one)
                String other = "course-v1:Other+X+2026";
                String json = new String(EventJson.toBytes(shape(topic, other, publishId, t)), StandardCharsets.UTF_8)
                        .replace("\"courseId\":\"" + other + "\"", "\"courseId\":\"" + course + "\"");
                sent.add(new Poison("object key of another course", course, events.send(topic, course, bytes(json),
                        copy(headers))));
            }
            // a valid event of this course under another course's key: its order would not be kept
            String otherKey = "course-v1:Someone+Else+1";
            sent.add(new Poison("key not its courseId", otherKey, events.send(topic, otherKey,
                    EventJson.toBytes(shape(topic, course, UUID.randomUUID().toString(), t)), copy(headers))));
        }
        return sent;
    }

    /** Waits until the poison record is in its topic's DLQ; returns the dead letter. */
    public static Landed awaitDeadLetter(EventLog events, Poison poison, Duration timeout) {
        String dlq = Topics.deadLetter(poison.sent().topic());
        EventLog.Event[] letter = new EventLog.Event[1];
        Waits.until("the poison record " + poison + " is in " + dlq, timeout, () -> {
            letter[0] = events.readAll(dlq).stream().filter(e -> isDeadLetterOf(e, poison.sent())).findFirst()
                    .orElse(null);
            return letter[0] != null;
        });
        return new Landed(poison, letter[0], letter[0].deadLetter());
    }

    private static CourseEvent shape(String topic, String course, String publishId, Instant t) {
        return switch (topic) {
            case Topics.COURSE_PUBLISHED -> new CoursePublished(publishId, course, t,
                    ObjectKeys.source(course, publishId), null, null);
            case Topics.COURSE_RENDERED -> new CourseRendered(publishId, course, t, t,
                    ObjectKeys.renderManifest(course, publishId), 1, 1, 0);
            case Topics.COURSE_ARCHIVED -> new CourseArchived(publishId, course, t, t,
                    ObjectKeys.offlineManifest(course, publishId), 1);
            case Topics.COURSE_LIVE -> new CourseLive(publishId, course, t, t, 1);
            default -> throw new IllegalArgumentException(topic);
        };
    }

    private static boolean isDeadLetterOf(EventLog.Event e, EventLog.Sent sent) {
        DeadLetters.DeadLetter d = e.deadLetter();
        return sent.topic().equals(d.originTopic()) && Integer.valueOf(sent.partition()).equals(d.originPartition())
                && Long.valueOf(sent.offset()).equals(d.originOffset());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Headers copy(Headers h) {
        return new RecordHeaders(h.toArray());
    }
}
