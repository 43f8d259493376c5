package io.satchel.client.download;

import java.io.IOException;

/** A zip that would write outside its folder (zip-slip), or is far larger than announced: refused, nothing kept. */
public class UnsafeArchiveException extends IOException {
    public UnsafeArchiveException(String message) {
        super(message);
    }
}
