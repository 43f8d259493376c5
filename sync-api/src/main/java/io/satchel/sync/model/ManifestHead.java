package io.satchel.sync.model;

import java.time.Instant;

/** The version of a course's live manifest: enough to answer a conditional GET without the manifest itself. */
public record ManifestHead(String publishId, Instant publishedAt, Instant generatedAt) {
}
