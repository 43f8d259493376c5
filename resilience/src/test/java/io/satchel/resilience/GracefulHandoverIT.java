package io.satchel.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's proof on real processes: two renderers share the group; the one rendering the demo course gets SIGTERM
 * in the middle of it. It stops taking records, abandons the course in hand with its offset uncommitted and exits 0
 * well before Kubernetes' grace period (120 s); the other renderer takes the partition over and renders it; the
 * publish goes live exactly once (one render announced, one archive generation, one live announcement).
 */
class GracefulHandoverIT {
    /** terminationGracePeriodSeconds of the renderer in deploy/k8s: the process must be gone well before it. */
    private static final Duration KUBERNETES_GRACE = Duration.ofSeconds(120);

    @Test
    void sigtermMidRenderHandsTheCourseToTheOtherRenderer() {
        SatchelStack stack = SharedStack.get();
        SatchelClient client = stack.client();
        EventLog events = new EventLog(stack.kafka().bootstrapServers());
        Courses.Course demo = Courses.demo("Handover", stack.dir());

        SatchelClient.Accepted accepted = client.publish(demo.courseId(), demo.targz(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(202, accepted.status());
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            Holder handling = Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(),
                    stack.renderers(), Duration.ofMinutes(3));
            ServiceProcess first = handling.process();
            ServiceProcess second = stack.renderers().stream().filter(r -> r != first).findFirst().orElseThrow();
            // in the middle of the render: started, not finished
            Waits.sleep(1500);
            assertFalse(first.logText().contains("rendered " + accepted.publishId()),
                    "the render finished before the SIGTERM; the scenario needs a longer course");

            long sent = System.nanoTime();
            Instant sigtermAt = Instant.now();
            first.sigterm();
            int exit = first.awaitExit(KUBERNETES_GRACE);
            Duration toExit = Duration.ofNanos(System.nanoTime() - sent);

            String log = first.logText();
            assertEquals(0, exit, "exit code after SIGTERM; log:\n" + first.tail(30));
            assertTrue(toExit.compareTo(KUBERNETES_GRACE.dividedBy(2)) < 0, "exit took " + toExit);
            assertTrue(log.contains(handling.record() + " abandoned") || log.contains("abandoned uncommitted"),
                    "the first renderer's log does not show the abandoned record:\n" + first.tail(30));
            assertFalse(log.contains("rendered " + accepted.publishId()),
                    "the first renderer still finished the render:\n" + first.tail(30));

            Instant live = watch.awaitLive(Duration.ofMinutes(5));
            assertTrue(second.logText().contains(handling.record() + " received"),
                    "the second renderer never took the record over:\n" + second.tail(30));
            assertTrue(second.logText().contains("rendered " + accepted.publishId() + " of " + demo.courseId()),
                    second.tail(30));

            SatchelClient.Answer manifest = client.manifest(demo.courseId());
            assertEquals(200, manifest.status());
            assertEquals(accepted.publishedAt(), Instant.parse(manifest.body().get("publishedAt").asText()));
            assertTrue(watch.movedForwardOnly(), "status went " + watch.history());

            Effects effects = Effects.of(events, accepted.publishId());
            assertEquals(1, effects.renders(), "course.rendered announcements: " + effects);
            assertEquals(1, effects.generations(), "archive generations: " + effects);
            assertEquals(1, effects.lives(), "live announcements: " + effects);
            System.out.printf("[handover] SIGTERM → exit %d in %d ms; live %d ms after the SIGTERM; %s%n", exit,
                    toExit.toMillis(), Duration.between(sigtermAt, live).toMillis(), effects);
        } finally {
            stack.renderers().forEach(r -> {
                if (!r.isRunning()) {
                    r.start().awaitReady(SatchelStack.START_TIMEOUT);
                }
            });
        }
    }
}
