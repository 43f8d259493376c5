package io.satchel.publish.model;

import java.time.Instant;

/** The answer to an accepted (202) or repeated (200) publish. */
public record PublishReceipt(String publishId, String courseId, Instant publishedAt) {
}
