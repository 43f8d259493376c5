package io.satchel.client.api;

/** The server answered with an error status; {@code error} is the contract's error code when the body had one. */
public class ApiErrorException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiErrorException(int status, String error, String message) {
        super("server answered " + status + (error == null ? "" : " " + error) + (message == null ? "" : ": " + message));
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** A problem with the request itself that resending will not fix. */
    public boolean isPermanent() {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 413
                && status != 429;
    }
}
