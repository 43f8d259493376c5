package io.satchel.client.sync;

import io.satchel.client.api.ApiErrorException;
import io.satchel.client.api.Conditional;
import io.satchel.client.api.Enrollment;
import io.satchel.client.api.ProgressEvent;
import io.satchel.client.api.ProgressPage;
import io.satchel.client.api.ProgressRecord;
import io.satchel.client.api.ProgressResult;
import io.satchel.client.api.ServerUnreachableException;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.CachedDocument;
import io.satchel.client.store.LocalStore;
import io.satchel.client.store.OutboxEntry;
import io.satchel.client.store.ProgressState;
import io.satchel.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two-way sync of progress, as a phone does it when it gets a connection: first drain the outbox in bulk (at most
 * 1,000 events a request; a failure backs off exponentially; items the server rejects become dead letters, never
 * retried), then pull what changed on the server since the stored X-Consistent-Through, following {@code more},
 * merging with the max rules, and save the new stamps.
 */
public final class Synchronizer {
    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    private static final int PULL_PAGE_SIZE = 500;
    /** A server that keeps answering {@code more} forever must not keep the client in a loop. */
    private static final int MAX_PAGES = 100_000;

    private final LocalStore store;
    private final SyncApiClient api;
    private final Backoff backoff;
    private final Clock clock;
    private final int batchSize;

    public Synchronizer(LocalStore store, SyncApiClient api, Backoff backoff, Clock clock) {
        this(store, api, backoff, clock, MAX_EVENTS_PER_REQUEST);
    }

    public Synchronizer(LocalStore store, SyncApiClient api, Backoff backoff, Clock clock, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_EVENTS_PER_REQUEST) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_EVENTS_PER_REQUEST);
        }
        this.store = store;
        this.api = api;
        this.backoff = backoff;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Push, refresh enrollments, pull. The learner asked for it, so queued events are sent even if their backoff has
     * not expired.
     *
     * @throws ServerUnreachableException when the server cannot be reached (events stay queued)
     */
    public SyncReport sync() {
        // Enrollments first: events queued before the learner's batch was known get their batchId on the way out.
        ServerUnreachableException offline = null;
        try {
            refreshEnrollments();
        } catch (ServerUnreachableException e) {
            offline = e; // still push, so the failed attempt is counted for the backoff
        }
        PushReport push = push(true);
        if (push.unreachable()) {
            throw new ServerUnreachableException(push.failure(), null);
        }
        if (offline != null) {
            refreshEnrollments();
        }
        return pull(push);
    }

    /** Sends due outbox events; never throws for server trouble, it reports it and schedules the retry. */
    public PushReport push(boolean ignoreBackoff) {
        Instant runStart = clock.instant();
        int size = batchSize;
        int applied = 0;
        int duplicates = 0;
        int rejected = 0;
        Map<String, String> batchIds = knownBatchIds();
        while (true) {
            Instant now = clock.instant();
            List<OutboxEntry> batch = store.dueOutbox(now, runStart, ignoreBackoff, size);
            if (batch.isEmpty()) {
                break;
            }
            List<ProgressEvent> events = new ArrayList<>(batch.size());
            for (OutboxEntry e : batch) {
                events.add(withKnownBatch(e, batchIds));
            }
            List<ProgressResult> results;
            try {
                results = api.postProgress(events);
            } catch (ServerUnreachableException e) {
                scheduleRetry(batch, now);
                return new PushReport(applied, duplicates, rejected, store.outboxCount(), true, e.getMessage());
            } catch (ApiErrorException e) {
                if (e.status() == 413 && size > 1) {
                    size = Math.max(1, size / 2);
                    continue;
                }
                if (e.isPermanent() || e.status() == 413) {
                    if (batch.size() > 1) {
                        size = 1; // one bad event must not hold back the others: find it by sending one at a time
                        continue;
                    }
                    store.deadLetter(batch.get(0).eventId(), e.error() != null ? e.error() : "HTTP_" + e.status(),
                            e.getMessage(), now);
                    rejected++;
                    continue;
                }
                scheduleRetry(batch, now);
                return new PushReport(applied, duplicates, rejected, store.outboxCount(), false, e.getMessage());
            }
            Map<String, ProgressResult> byId = new HashMap<>();
            for (int i = 0; i < results.size(); i++) {
                ProgressResult r = results.get(i);
                byId.put(r.eventId() != null ? r.eventId() : i < events.size() ? events.get(i).eventId() : "", r);
            }
            List<String> done = new ArrayList<>();
            List<OutboxEntry> unanswered = new ArrayList<>();
            for (OutboxEntry e : batch) {
                ProgressResult r = byId.get(e.eventId());
                if (r == null || r.result() == null) {
                    unanswered.add(e);
                } else if (ProgressResult.APPLIED.equals(r.result())) {
                    applied++;
                    done.add(e.eventId());
                } else if (ProgressResult.DUPLICATE.equals(r.result())) {
                    duplicates++;
                    done.add(e.eventId());
                } else if (ProgressResult.REJECTED.equals(r.result())) {
                    rejected++;
                    store.deadLetter(e.eventId(), r.error() != null ? r.error() : "REJECTED",
                            "rejected by the server", now);
                } else {
                    unanswered.add(e);
                }
            }
            store.removeFromOutbox(done);
            scheduleRetry(unanswered, now);
        }
        return new PushReport(applied, duplicates, rejected, store.outboxCount(), false, null);
    }

    /** Caches the learner's enrollments (with ETag) for offline `courses` and for the batchId of new events. */
    public void refreshEnrollments() {
        Optional<CachedDocument> cached = store.enrollments();
        Conditional answer = api.enrollments(cached.map(CachedDocument::etag).orElse(null));
        if (!answer.notModified()) {
            store.saveEnrollments(answer.body(), answer.etag(), clock.instant());
        }
    }

    /** Pulls changed progress records since the stored stamp and merges them. */
    public SyncReport pull(PushReport push) {
        Instant since = store.consistentThrough().orElse(null);
        Instant permissions = store.permissionsStamp().orElse(null);
        ProgressPage page = api.progress(since, permissions, PULL_PAGE_SIZE);
        int records = 0;
        int pages = 1;
        while (true) {
            mergeRecords(page.records());
            records += page.records().size();
            if (!page.hasMore() || pages >= MAX_PAGES) {
                break;
            }
            page = api.progressPage(page.more());
            pages++;
        }
        store.saveSyncStamps(page.consistentThrough(), page.permissionsLastModified(), clock.instant());
        return new SyncReport(push, records, pages, page.consistentThrough());
    }

    private void mergeRecords(List<ProgressRecord> records) {
        store.inTransaction(() -> {
            for (ProgressRecord r : records) {
                if (r.courseId() == null || r.contentId() == null) {
                    continue;
                }
                store.mergeProgress(new ProgressState(r.courseId(), r.contentId(), r.batchId(),
                        Math.max(0, Math.min(2, r.status())), Math.max(0, Math.min(100, r.progress())),
                        r.lastAccessTime(), r.lastCompletedTime()));
            }
            return null;
        });
    }

    private void scheduleRetry(List<OutboxEntry> entries, Instant now) {
        for (OutboxEntry e : entries) {
            store.attemptFailed(e.eventId(), now, now.plus(backoff.delayAfter(e.attempts() + 1)));
        }
    }

    /** An event queued before the enrollment was known gets its batchId now (and keeps it). */
    private ProgressEvent withKnownBatch(OutboxEntry e, Map<String, String> batchIds) {
        ProgressEvent event = EventJson.fromBytes(e.payload().getBytes(StandardCharsets.UTF_8), ProgressEvent.class);
        String batch = batchIds.get(event.courseId());
        if (event.batchId() == null && batch != null) {
            event = event.withBatchId(batch);
            store.updatePayload(e.eventId(), EventJson.toString(event));
        }
        return event;
    }

    Map<String, String> knownBatchIds() {
        Map<String, String> ids = new HashMap<>();
        for (Enrollment en : cachedEnrollments(store)) {
            if (en.courseId() != null && en.batchId() != null) {
                ids.put(en.courseId(), en.batchId());
            }
        }
        return ids;
    }

    /** The cached enrollment list, empty when never fetched or unreadable. */
    public static List<Enrollment> cachedEnrollments(LocalStore store) {
        return store.enrollments().map(doc -> {
            try {
                return EventJson.fromBytes(doc.json().getBytes(StandardCharsets.UTF_8),
                        Enrollment.Enrollments.class).enrollments();
            } catch (RuntimeException e) {
                return List.<Enrollment>of();
            }
        }).orElse(List.of());
    }
}
