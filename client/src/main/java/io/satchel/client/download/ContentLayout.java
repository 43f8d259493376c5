package io.satchel.client.download;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where content lives under the client's home: {@code courses/<course>/blocks/<block>/index.html} and
 * {@code courses/<course>/downloads/<sha256>.part}. Ids become folder names readable by people but safe on every
 * file system (no ':' or '+' for Android/Windows); a short hash of the id keeps distinct ids distinct.
 */
public final class ContentLayout {
    private final Path root;

    public ContentLayout(Path home) {
        this.root = home.toAbsolutePath().normalize().resolve("courses");
    }

    public Path courseFolder(String courseId) {
        return root.resolve(folderName(courseId));
    }

    public Path blockFolder(String courseId, String blockId) {
        return courseFolder(courseId).resolve("blocks").resolve(folderName(blockId));
    }

    public Path partFolder(String courseId) {
        return courseFolder(courseId).resolve("downloads");
    }

    public Path partFile(String courseId, String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{16,128}")) {
            throw new IllegalArgumentException("the manifest gives no valid sha256: " + sha256);
        }
        return partFolder(courseId).resolve(sha256.toLowerCase() + ".part");
    }

    static String folderName(String id) {
        String readable = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(readable.length() - 80);
        }
        return readable + "-" + Sha256.of(id.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    }
}
