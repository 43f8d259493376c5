package io.satchel.client.store;

import java.time.Instant;

/** What the learner has done in one leaf block of one course, as the server's progress record describes it. */
public record ProgressState(String courseId, String contentId, String batchId, int status, int progress,
        Instant lastAccessTime, Instant lastCompletedTime) {

    public static final int NOT_STARTED = 0;
    public static final int IN_PROGRESS = 1;
    public static final int COMPLETED = 2;

    public boolean completed() {
        return status == COMPLETED;
    }
}
