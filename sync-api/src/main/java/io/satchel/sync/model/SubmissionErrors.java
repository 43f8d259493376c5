package io.satchel.sync.model;

/**
 * Per-item error codes of POST /api/v1/submissions beyond the ones it shares with progress ({@link ProgressErrors}:
 * NOT_ENROLLED, UNKNOWN_CONTENT, INVALID_TIME, INVALID_EVENT_ID, INVALID_COURSE_ID, INVALID_CONTENT_ID).
 */
public final class SubmissionErrors {
    /** The content is a block of the course, but not of type problem. */
    public static final String NOT_A_PROBLEM = "NOT_A_PROBLEM";
    /** answers is not an object of string or array-of-string values. */
    public static final String INVALID_ANSWERS = "INVALID_ANSWERS";
    /** answers is over the size limit (64 KiB as compact JSON). */
    public static final String ANSWERS_TOO_LARGE = "ANSWERS_TOO_LARGE";

    private SubmissionErrors() {
    }
}
