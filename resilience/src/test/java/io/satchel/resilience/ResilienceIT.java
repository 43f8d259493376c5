package io.satchel.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.DeadLetters;
import io.satchel.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
        for (PoisonRecords.Poison poison : PoisonRecords.send(events, course)) {
            PoisonRecords.Landed landed = PoisonRecords.awaitDeadLetter(events, poison, Duration.ofMinutes(3));
            DeadLetters.DeadLetter d = landed.deadLetter();
            assertNotNull(d.code(), "code of " + poison);
            assertNotNull(d.reason(), "reason of " + poison);
            assertNotNull(d.time(), "time of " + poison);
            assertNotNull(d.attempts(), "attempts of " + poison);
            assertEquals(poison.key(), landed.letter().key(), "the dead letter keeps the key");
            if (poison.kind().startsWith("key")) {
                assertEquals("KEY_MISMATCH", d.code(), poison.toString());
            }
            System.out.printf("[poison] %s %s-%d@%d → %s: %s%n", poison.kind(), poison.sent().topic(),
                    poison.sent().partition(), poison.sent().offset(), d.code(),
                    d.reason().substring(0, Math.min(120, d.reason().length())));
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
}
