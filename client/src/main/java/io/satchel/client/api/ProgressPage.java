package io.satchel.client.api;

import java.time.Instant;
import java.util.List;

/** A page of progress records with the stamps to poll from next ({@code more} is empty on the last page). */
public record ProgressPage(List<ProgressRecord> records, String more, Instant consistentThrough,
        Instant permissionsLastModified) {

    public boolean hasMore() {
        return more != null && !more.isBlank();
    }
}
