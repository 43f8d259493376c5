package io.satchel.common.kafka;

/**
 * A record that will never succeed however often it is tried (malformed content, a rule it breaks): the pipeline
 * dead-letters it at once with {@link #code()}. Handlers wrap their own permanent errors in it.
 */
public class PermanentEventException extends RuntimeException {
    private final String code;

    public PermanentEventException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public PermanentEventException(String code, Throwable cause) {
        this(code, cause.getMessage(), cause);
    }

    public String code() {
        return code;
    }
}
