package io.satchel.client.store;

import java.time.Instant;

/** A server JSON document kept for offline use with the ETag to revalidate it. */
public record CachedDocument(String json, String etag, Instant fetchedAt) {
}
