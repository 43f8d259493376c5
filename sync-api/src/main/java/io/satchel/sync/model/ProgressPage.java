package io.satchel.sync.model;

import java.time.Instant;
import java.util.List;

/** One page of the progress feed plus its headers: X-Consistent-Through and X-Permissions-Last-Modified. */
public record ProgressPage(List<ProgressRecord> records, String more, Instant consistentThrough,
        Instant permissionsLastModified) {
}
