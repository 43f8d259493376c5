package io.satchel.client.store;

import java.time.Instant;

/**
 * The server's merge rules, applied locally so that the phone shows what the server will end up with whatever order
 * events arrive in: status never decreases, progress is the max (status 2 means 100), times are the max.
 */
public final class ProgressMerge {

    public static ProgressState merge(ProgressState current, ProgressState incoming) {
        if (current == null) {
            return normalise(incoming);
        }
        int status = Math.max(current.status(), incoming.status());
        int progress = status == ProgressState.COMPLETED ? 100 : Math.max(current.progress(), incoming.progress());
        String batchId = incoming.batchId() != null ? incoming.batchId() : current.batchId();
        return new ProgressState(current.courseId(), current.contentId(), batchId, status, progress,
                max(current.lastAccessTime(), incoming.lastAccessTime()),
                max(current.lastCompletedTime(), incoming.lastCompletedTime()));
    }

    static ProgressState normalise(ProgressState s) {
        if (s.status() == ProgressState.COMPLETED && s.progress() != 100) {
            return new ProgressState(s.courseId(), s.contentId(), s.batchId(), s.status(), 100, s.lastAccessTime(),
                    s.lastCompletedTime());
        }
        return s;
    }

    static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    private ProgressMerge() {
    }
}
