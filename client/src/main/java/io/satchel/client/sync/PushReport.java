package io.satchel.client.sync;

/**
 * What one drain of the outbox did. {@code unreachable} means the server could not be reached and the remaining
 * events wait for their backoff; {@code failure} names any other stop (e.g. an expired token).
 */
public record PushReport(int applied, int duplicates, int rejected, int remaining, boolean unreachable,
        String failure) {
}
