package io.satchel.client.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive delete and replace-by-rename for block folders. */
final class FileTree {

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException ignored) {
            // best effort cleanup of a failed unpack
        }
    }

    /** Puts {@code fresh} in place of {@code target}; the old folder is removed only once the new one is there. */
    static void replace(Path fresh, Path target) throws IOException {
        Path old = target.resolveSibling(target.getFileName() + ".old");
        delete(old);
        if (Files.exists(target)) {
            Files.move(target, old);
        }
        Files.move(fresh, target);
        delete(old);
    }

    private FileTree() {
    }
}
