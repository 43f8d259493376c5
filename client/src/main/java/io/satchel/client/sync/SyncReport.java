package io.satchel.client.sync;

import java.time.Instant;

/** One full sync: the outbox drain, then the pull of the server's progress since the last stamp. */
public record SyncReport(PushReport push, int pulledRecords, int pages, Instant consistentThrough) {
}
