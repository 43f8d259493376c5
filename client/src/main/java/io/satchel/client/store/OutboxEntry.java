package io.satchel.client.store;

import java.time.Instant;

/** A progress event not yet accepted by the server; {@code payload} is the event JSON as it will be sent. */
public record OutboxEntry(String eventId, String courseId, String contentId, String payload, int attempts,
        Instant nextAttemptAt, Instant createdAt) {
}
