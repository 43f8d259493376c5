package io.satchel.sync.model;

import java.time.Instant;
import java.util.List;

/** One page of the submissions feed plus its X-Consistent-Through header. */
public record SubmissionPage(List<SubmissionRecord> submissions, String more, Instant consistentThrough) {
}
