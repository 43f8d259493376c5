package io.satchel.renderer.olx;

/** The course export cannot be rendered (malformed XML, missing file, hostile archive); the record goes to the DLQ. */
public class InvalidCourseException extends RuntimeException {
    private final String code;

    public InvalidCourseException(String code, String message) {
        super(message);
        this.code = code;
    }

    public InvalidCourseException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
