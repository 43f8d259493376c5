package io.satchel.client.api;

/** The answer to a conditional GET: the new body and ETag, or "not modified" (body null). */
public record Conditional(boolean notModified, String body, String etag) {

    public static Conditional unchanged(String etag) {
        return new Conditional(true, null, etag);
    }
}
