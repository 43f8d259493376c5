package io.satchel.sync.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Outcome of one event of POST /api/v1/progress: applied, duplicate, or rejected with an error code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(String eventId, String result, String error) {
    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";

    public static ItemResult applied(String eventId) {
        return new ItemResult(eventId, APPLIED, null);
    }

    public static ItemResult duplicate(String eventId) {
        return new ItemResult(eventId, DUPLICATE, null);
    }

    public static ItemResult rejected(String eventId, String code) {
        return new ItemResult(eventId, REJECTED, code);
    }

    /** Not part of the contract's item shape ({eventId, result, error?}). */
    @JsonIgnore
    public boolean isRejected() {
        return REJECTED.equals(result);
    }
}
