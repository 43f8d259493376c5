package io.satchel.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The fast fault scenarios on real processes (the full set with figures is bench/resilience/run): kill -9 of a
 * renderer and of an archiver in the middle of the demo course, an S3 outage during a render, poison records on
 * every consumed topic, and learners syncing under load while pollers follow. Every accepted publish must reach
 * live exactly once (judged by effects, see {@link Effects}); no progress event may be lost, applied twice or
 * regressed.
 */
class ResilienceIT {
    private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(6);

    private final SatchelStack stack = SharedStack.get();
    private final SatchelClient client = stack.client();
    private final EventLog events = new EventLog(stack.kafka().bootstrapServers());

    @Test
    void killMinus9OfTheRendererInTheMiddleOfTheDemoCourse() {
        killTheHolderMidWork("KillRenderer", Topics.COURSE_PUBLISHED, stack.renderers(), "kill -9 renderer");
    }

    @Test
    void killMinus9OfTheArchiverInTheMiddleOfTheDemoCourse() {
        killTheHolderMidWork("KillArchiver", Topics.COURSE_RENDERED, stack.archivers(), "kill -9 archiver");
    }

    /** kill -9 of the instance that took the demo course's record from {@code topic}, restarted at once. */
    private void killTheHolderMidWork(String org, String topic, List<ServiceProcess> instances, String scenario) {
        Courses.Course demo = Courses.demo(org, stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            ServiceProcess holder = Holder.await(events, topic, accepted.publishId(), instances, LIVE_TIMEOUT)
                    .process();
            holder.kill9();
            Instant restarted = Instant.now();
            holder.start().awaitReady(SatchelStack.START_TIMEOUT);
            assertLiveOnce(demo, accepted, watch, scenario, restarted);
        }
    }

    @Test
    void anS3OutageOf20SecondsDuringARenderDelaysThePublishButLosesNothing() {
        Courses.Course demo = Courses.demo("S3Outage", stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(), stack.renderers(),
                    Duration.ofMinutes(3));
            stack.s3Proxy().cut();
            try {
                Waits.sleep(20_000);
            } finally {
                stack.s3Proxy().restore();
            }
            assertLiveOnce(demo, accepted, watch, "S3 outage 20 s", Instant.now());
        }
    }

    @Test
    void poisonRecordsOnEveryTopicGoToTheirDeadLetterQueueAndTheNextCourseStillGoesLive() {
        String course = "course-v1:Poison+P1+2026";
        String publishId = UUID.randomUUID().toString();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Function<String, CourseEvent>> shapes = Map.of(
                Topics.COURSE_PUBLISHED, c -> new CoursePublished(publishId, c, t, ObjectKeys.source(c, publishId),
                        null, null),
                Topics.COURSE_RENDERED, c -> new CourseRendered(publishId, c, t, t,
                        ObjectKeys.renderManifest(c, publishId), 1, 1, 0),
                Topics.COURSE_ARCHIVED, c -> new CourseArchived(publishId, c, t, t,
                        ObjectKeys.offlineManifest(c, publishId), 1),
                Topics.COURSE_LIVE, c -> new CourseLive(publishId, c, t, t, 1));
        List<EventLog.Sent> poison = new ArrayList<>();
        for (String topic : List.of(Topics.COURSE_PUBLISHED, Topics.COURSE_RENDERED, Topics.COURSE_ARCHIVED,
                Topics.COURSE_LIVE)) {
            CourseEvent shape = shapes.get(topic).apply(course);
            Headers headers = CloudEvents.headers(shape, UUID.randomUUID().toString(), "/harness", t);
            poison.add(events.send(topic, course, "not json {".getBytes(StandardCharsets.UTF_8), copy(headers)));
            poison.add(events.send(topic, course, "{\"hello\": [1, 2]}".getBytes(StandardCharsets.UTF_8),
                    copy(headers)));
            byte[] big = new byte[900 * 1024];
            Arrays.fill(big, (byte) 'x');
            big[0] = '"';
            big[big.length - 1] = '"';
            poison.add(events.send(topic, course, big, copy(headers)));
            // names an object of another course (a producer that got the key wrong, or a hostile one)
            CourseEvent outside = shapes.get(topic).apply("course-v1:Other+X+2026");
            byte[] outsideValue = EventJson.toBytes(outside);
            String json = new String(outsideValue, StandardCharsets.UTF_8).replace("\"courseId\":\"course-v1:Other+X+2026\"",
                    "\"courseId\":\"" + course + "\"");
            if (!topic.equals(Topics.COURSE_LIVE)) { // course.live names no object
                poison.add(events.send(topic, course, json.getBytes(StandardCharsets.UTF_8), copy(headers)));
            }
        }
        for (EventLog.Sent sent : poison) {
            String dlq = Topics.deadLetter(sent.topic());
            Waits.until("the poison record " + sent + " is in " + dlq, Duration.ofMinutes(3), () -> events.readAll(dlq)
                    .stream().anyMatch(e -> isDeadLetterOf(e, sent)));
            EventLog.Event letter = events.readAll(dlq).stream().filter(e -> isDeadLetterOf(e, sent)).findFirst()
                    .orElseThrow();
            DeadLetters.DeadLetter d = letter.deadLetter();
            assertNotNull(d.code(), "code of " + sent);
            assertNotNull(d.reason(), "reason of " + sent);
            assertNotNull(d.time(), "time of " + sent);
            assertNotNull(d.attempts(), "attempts of " + sent);
            assertEquals(course, letter.key(), "the dead letter keeps the key");
            System.out.printf("[poison] %s-%d@%d → %s: %s%n", sent.topic(), sent.partition(), sent.offset(),
                    d.code(), d.reason().substring(0, Math.min(120, d.reason().length())));
        }
        Courses.Course next = Courses.small("Poison", "NEXT", 3, stack.dir());
        SatchelClient.Accepted accepted = publishNow(next);
        try (PublishWatch watch = new PublishWatch(client, next.courseId(), accepted.publishId())) {
            assertLiveOnce(next, accepted, watch, "after poison", Instant.now());
        }
        for (ServiceProcess s : stack.services()) {
            assertTrue(s.isRunning() && s.isReady(), s.name() + " is not ready after the poison: " + s.tail(20));
        }
    }

    @Test
    void learnersUnderLoadLoseNothingAndPollersMissNothing() throws Exception {
        Courses.Course course = Courses.small("Learners", "LOAD", 10, stack.dir());
        SatchelClient.Accepted accepted = publishNow(course);
        try (PublishWatch watch = new PublishWatch(client, course.courseId(), accepted.publishId())) {
            watch.awaitLive(LIVE_TIMEOUT);
        }
        LearnerLoad.Result result = new LearnerLoad(client, course.courseId(), 20, 5, 50, 2).run();
        System.out.println("[learners] " + result);
        assertEquals(0, result.serverErrors(), "5xx answers");
        assertEquals(20 * 5 * 50, result.applied(), "applied events (fresh eventIds)");
        assertEquals(0, result.replayedApplied(), "replayed events applied again");
        assertEquals(0, result.mismatches(), "records whose final state is not the max-merge: " + result);
        assertEquals(0, result.missedByPollers(), "records the pollers never saw in their final state");
    }

    private SatchelClient.Accepted publishNow(Courses.Course course) {
        SatchelClient.Accepted a = client.publish(course.courseId(), course.targz(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(202, a.status(), "a new publish is accepted with 202");
        return a;
    }

    private void assertLiveOnce(Courses.Course course, SatchelClient.Accepted accepted, PublishWatch watch,
            String scenario, Instant from) {
        Instant live = watch.awaitLive(LIVE_TIMEOUT);
        SatchelClient.Answer manifest = client.manifest(course.courseId());
        assertEquals(200, manifest.status(), manifest.raw().body());
        assertEquals(accepted.publishedAt(), Instant.parse(manifest.body().get("publishedAt").asText()));
        assertTrue(watch.movedForwardOnly(), "status went " + watch.history());
        Effects effects = Effects.of(events, accepted.publishId());
        System.out.printf("[%s] live %d ms after the restart/recovery; %s%n", scenario,
                Duration.between(from, live).toMillis(), effects);
        assertTrue(effects.liveExactlyOnce(), scenario + ": " + effects);
        assertFalse(manifest.body().get("blocks").isEmpty());
    }

    private static boolean isDeadLetterOf(EventLog.Event e, EventLog.Sent sent) {
        DeadLetters.DeadLetter d = e.deadLetter();
        return sent.topic().equals(d.originTopic()) && Integer.valueOf(sent.partition()).equals(d.originPartition())
                && Long.valueOf(sent.offset()).equals(d.originOffset());
    }

    private static Headers copy(Headers h) {
        return new org.apache.kafka.common.header.internals.RecordHeaders(h.toArray());
    }
}
