package io.satchel.client.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The server's verdict on one progress event: applied, duplicate or rejected (with an error code). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressResult(String eventId, String result, String error) {
    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";
}
