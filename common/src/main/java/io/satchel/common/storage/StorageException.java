package io.satchel.common.storage;

/** The object store failed or could not be reached; callers retry or fail the unit of work. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
