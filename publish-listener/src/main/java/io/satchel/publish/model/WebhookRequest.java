package io.satchel.publish.model;

/**
 * Body of {@code POST /api/v1/course-published}. publishedAt stays text so a bad time gets its own error code.
 *
 * @param sourceUrl http(s) URL of the OLX tar.gz
 */
public record WebhookRequest(String courseId, String publishedAt, String sourceUrl) {
}
