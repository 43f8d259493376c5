package io.satchel.renderer.render;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The files of the course's {@code static/} folder, looked up safely, each hashed at most once per render. */
public final class CourseFiles {
    private final Path staticDir;
    private final Map<Path, String> hashes = new ConcurrentHashMap<>();

    public CourseFiles(Path staticDir) {
        this.staticDir = staticDir.toAbsolutePath().normalize();
    }

    /** A regular file under static/ named by a decoded relative path; empty when absent or outside. */
    public Optional<Path> staticFile(String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            Path p = staticDir.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
            if (!p.startsWith(staticDir) || p.equals(staticDir) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Path of a static file relative to static/, with forward slashes. */
    public String relative(Path file) {
        return staticDir.relativize(file).toString().replace('\\', '/');
    }

    public String sha256(Path file) {
        return hashes.computeIfAbsent(file, Digests::sha256);
    }
}
