package io.satchel.client.api;

/** The server could not be reached (offline, refused, timed out, or answering 502/503/504): try again later. */
public class ServerUnreachableException extends RuntimeException {
    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
