package io.satchel.client.store;

import java.nio.file.Path;
import java.time.Instant;

/** A block archive unpacked on this device: {@code folder} holds its index.html. */
public record DownloadedBlock(String courseId, String blockId, String sha256, Instant lastModified, Path folder) {

    public Path indexHtml() {
        return folder.resolve("index.html");
    }
}
