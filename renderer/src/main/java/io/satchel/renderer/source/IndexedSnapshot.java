package io.satchel.renderer.source;

import io.satchel.events.SourceIndex;
import io.satchel.events.archive.ArchiveEntryNames;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot's {@link SourceIndex} resolved against the folder it unpacks into: each file's absolute path with its
 * index entry, and every path the unpacked tree holds (files, folders, and the folders above files). Built only from
 * an index that stays inside the folder and within the extractor's limits; otherwise there is none and the snapshot
 * is unpacked as a whole.
 *
 * @param files every file, by absolute normalized path
 * @param paths every file and folder below the target (the target itself excluded)
 */
public record IndexedSnapshot(SourceIndex index, Map<Path, SourceIndex.Entry> files, Set<Path> paths) {

    public static Optional<IndexedSnapshot> of(SourceIndex index, Path target, long maxBytes, int maxEntries) {
        if (index == null || index.files() == null || index.folders() == null
                || index.files().size() + index.folders().size() > maxEntries) {
            return Optional.empty();
        }
        Path root = target.toAbsolutePath().normalize();
        Map<Path, SourceIndex.Entry> files = new HashMap<>();
        Set<Path> paths = new HashSet<>();
        long total = 0;
        for (String folder : index.folders()) {
            Path p = resolve(root, folder);
            if (p == null) {
                return Optional.empty();
            }
            addWithParents(root, p, paths);
        }
        for (SourceIndex.Entry file : index.files()) {
            Path p = resolve(root, file.path());
            if (p == null || p.equals(root) || file.size() < 0 || file.sha256() == null || file.compressedEnd() < 0
                    || files.put(p, file) != null) {
                return Optional.empty();
            }
            total += file.size();
            if (total > maxBytes) {
                return Optional.empty();
            }
            addWithParents(root, p, paths);
        }
        for (Path p : paths) {
            for (Path up = p.getParent(); up != null && !up.equals(root); up = up.getParent()) {
                if (files.containsKey(up)) {
                    return Optional.empty(); // a file used as a folder
                }
            }
        }
        return Optional.of(new IndexedSnapshot(index, Map.copyOf(files), Set.copyOf(paths)));
    }

    /** The sha256 of every file (lower-case hex, as the renderer computes it), by absolute path (the export's hashes). */
    public Map<Path, String> hashes() {
        Map<Path, String> out = new HashMap<>(files.size() * 2);
        files.forEach((p, e) -> out.put(p, e.sha256().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    /** Intake indexes the entry policy's normalized names, the names the extractor unpacks to; anything else is no index. */
    private static Path resolve(Path root, String name) {
        if (!ArchiveEntryNames.isNormal(name)) {
            return null;
        }
        try {
            Path p = root.resolve(name).normalize();
            return p.startsWith(root) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static void addWithParents(Path root, Path p, Set<Path> paths) {
        for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
            paths.add(q);
        }
    }
}
