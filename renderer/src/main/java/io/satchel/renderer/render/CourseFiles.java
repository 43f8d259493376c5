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
        this(staticDir, Map.of());
    }

    /** @param knownHashes sha256 of files already hashed (while unpacking), by absolute normalized path */
    public CourseFiles(Path staticDir, Map<Path, String> knownHashes) {
        this.staticDir = staticDir.toAbsolutePath().normalize();
        this.hashes.putAll(knownHashes);
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

    /**
     * A file named by an asset key name ({@code /asset-v1:...+block@NAME}, {@code /c4x/.../asset/NAME}). Studio keeps
     * assets flat and names a file of a sub-folder by its path with '/' as '_', and authors often use the bare file
     * name; Studio also turns spaces into '_' in names that courses then link with /static/. So NAME matches the
     * exact path, else a file whose path with '_' for '/' and ' ' is NAME (same for NAME), else the only file of
     * that (so normalized) name.
     */
    public Optional<Path> assetByKeyName(String name) {
        Optional<Path> exact = staticFile(name);
        if (exact.isPresent()) {
            return exact;
        }
        Map<String, Path> index = keyIndex();
        return Optional.ofNullable(index.get(loose(name)));
    }

    private volatile Map<String, Path> keyIndex;

    private Map<String, Path> keyIndex() {
        Map<String, Path> index = keyIndex;
        if (index != null) {
            return index;
        }
        Map<String, Path> flat = new java.util.HashMap<>();
        Map<String, java.util.List<Path>> byName = new java.util.HashMap<>();
        if (Files.isDirectory(staticDir, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(staticDir)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                    flat.putIfAbsent(loose(relative(p)), p);
                    byName.computeIfAbsent(loose(p.getFileName().toString()), k -> new java.util.ArrayList<>()).add(p);
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        byName.forEach((name, paths) -> {
            if (paths.size() == 1) {
                flat.putIfAbsent(name, paths.get(0));
            }
        });
        keyIndex = Map.copyOf(flat);
        return keyIndex;
    }

    static String loose(String name) {
        return name.replace('/', '_').replace(' ', '_');
    }

    /** Path of a static file relative to static/, with forward slashes. */
    public String relative(Path file) {
        return staticDir.relativize(file).toString().replace('\\', '/');
    }

    public String sha256(Path file) {
        return hashes.computeIfAbsent(file, Digests::sha256);
    }
}
