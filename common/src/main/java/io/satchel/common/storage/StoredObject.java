package io.satchel.common.storage;

import java.time.Instant;
import java.util.Map;

/** What a stat of an object returns; user metadata keys are lower-case (S3 servers fold them). */
public record StoredObject(String key, long size, String etag, Instant lastModified, Map<String, String> metadata) {
}
