package io.satchel.client.sync;

import io.satchel.client.api.Enrollment;
import io.satchel.client.api.ProgressEvent;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.LocalStore;
import io.satchel.client.store.ProgressState;
import io.satchel.events.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Records the learner's progress as a phone app must: into the local store at once (so the UI is right offline) and
 * into the outbox in the same transaction, then tries to send right away. Being offline is not an error.
 */
public final class ProgressRecorder {
    private final LocalStore store;
    private final SyncApiClient api;
    private final Synchronizer synchronizer;
    private final Clock clock;

    public ProgressRecorder(LocalStore store, SyncApiClient api, Synchronizer synchronizer, Clock clock) {
        this.store = store;
        this.api = api;
        this.synchronizer = synchronizer;
        this.clock = clock;
    }

    /** What happened to one recorded event. {@code push} is null when no send was tried (no token). */
    public record Recorded(String eventId, ProgressState state, boolean sent, boolean rejected, PushReport push) {
    }

    /**
     * @throws IllegalArgumentException for a status outside 0..2 or progress outside 0..100 (nothing stored)
     */
    public Recorded record(String courseId, String contentId, int status, int progress) {
        if (courseId == null || courseId.isBlank() || contentId == null || contentId.isBlank()) {
            throw new IllegalArgumentException("course id and content id are required");
        }
        if (status < 0 || status > 2) {
            throw new IllegalArgumentException("status must be 0, 1 or 2, not " + status);
        }
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100, not " + progress);
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String eventId = UUID.randomUUID().toString();
        String batchId = batchIdFor(courseId);
        ProgressEvent event = new ProgressEvent(eventId, courseId, batchId, contentId, status,
                status == ProgressState.COMPLETED ? 100 : progress, now,
                status == ProgressState.COMPLETED ? now : null);
        ProgressState state = store.inTransaction(() -> {
            ProgressState merged = store.mergeProgress(new ProgressState(courseId, contentId, batchId, status,
                    event.progress(), now, event.lastCompletedTime()));
            store.enqueue(eventId, courseId, contentId, EventJson.toString(event), now);
            return merged;
        });
        if (!api.hasToken()) {
            return new Recorded(eventId, state, false, false, null);
        }
        PushReport push = synchronizer.push(false);
        boolean queued = store.outboxEntry(eventId).isPresent();
        boolean rejected = !queued && store.deadLetters().stream().anyMatch(d -> d.eventId().equals(eventId));
        return new Recorded(eventId, state, !queued && !rejected, rejected, push);
    }

    private String batchIdFor(String courseId) {
        Optional<String> enrolled = Synchronizer.cachedEnrollments(store).stream()
                .filter(e -> courseId.equals(e.courseId()) && e.batchId() != null)
                .map(Enrollment::batchId).findFirst();
        return enrolled.or(() -> store.knownBatchId(courseId)).orElse(null);
    }
}
