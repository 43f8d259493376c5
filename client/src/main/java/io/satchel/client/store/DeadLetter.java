package io.satchel.client.store;

import java.time.Instant;

/** A progress event the server refused for good, kept (not retried) so the learner and support can see why. */
public record DeadLetter(String eventId, String courseId, String contentId, String payload, String error,
        String message, Instant failedAt) {
}
