package io.satchel.client.download;

import java.io.IOException;

/** Downloaded bytes whose SHA-256 or size differ from the manifest: never unpacked. */
public class ChecksumMismatchException extends IOException {
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
