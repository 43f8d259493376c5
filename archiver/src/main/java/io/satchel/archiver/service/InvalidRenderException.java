package io.satchel.archiver.service;

/** The render manifest (or a file it names) cannot be archived as it is; retrying will not help, the record goes to the DLQ. */
public class InvalidRenderException extends RuntimeException {
    private final String code;

    public InvalidRenderException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
