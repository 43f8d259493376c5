package io.satchel.renderer.service;

import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.ObjectKeys;
import io.satchel.events.SourceIndex;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.render.ChangedFiles;
import io.satchel.renderer.source.IndexedSnapshot;
import io.satchel.renderer.source.SafeArchiveExtractor;
import io.satchel.renderer.source.SnapshotSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Each course's last snapshot, kept unpacked in {@code {work-dir}/exports/<course>} between publishes, brought up to
 * date with a publish's snapshot: from the publish-listener's index (only the changed files read, by a ranged GET),
 * else by a full unpack that writes only changed files. It also remembers what the last render of each course in
 * this instance left (structure, file hashes, paths), so a publish that changed only contents reuses the structure
 * and tells which files changed.
 */
public class CourseSnapshots {
    private static final Logger LOG = Logger.getLogger(CourseSnapshots.class);
    /** How far past an entry's indexed compressed end the snapshot is read (the index's bound is already safe). */
    private static final long RANGE_SLACK = 64 * 1024;

    private final SnapshotSource source;
    private final SafeArchiveExtractor extractor;
    private final Path workDir;
    private final Duration exportRetention;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** What the last successful render of each course left (a few courses, least recently used dropped). */
    private final Map<String, LastRender> lastRenders = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LastRender> eldest) {
                    return size() > 16;
                }
            });

    public CourseSnapshots(SnapshotSource source, SafeArchiveExtractor extractor, Path workDir,
            Duration exportRetention) {
        this.source = source;
        this.extractor = extractor;
        this.workDir = workDir;
        this.exportRetention = exportRetention;
    }

    /** The last render of a course: its publish, structure, the hashes of its unpacked files and every path. */
    record LastRender(String publishId, OlxCourse course, Map<Path, String> hashes, Set<Path> paths) {
    }

    /**
     * The course's snapshot of this publish, unpacked.
     *
     * @param last    the course's last render in this instance, when the unpacked files still are its files plus
     *                {@code export.changed()} (null: unknown)
     * @param indexed whether only the files the index names as changed were read
     */
    public record Snapshot(SafeArchiveExtractor.Export export, LastRender last, boolean indexed) {
        public Path root() {
            return export.root();
        }

        /**
         * The structure of the last render, when this publish changed only content files — static files and html
         * bodies, which hold no structure, display names or filenames — so the OLX tree need not be read again.
         */
        public Optional<OlxCourse> unchangedStructure() {
            boolean same = last != null && last.course().root().equals(export.root())
                    && export.changed().stream().allMatch(p -> contentOnly(export.root(), p));
            return same ? Optional.of(last.course()) : Optional.empty();
        }

        /**
         * The files changed since the render of {@code statePublishId} (the publish the stored block states belong
         * to), when that render is the last one and only file contents changed: a block none of whose lookups touch
         * one keeps its hash. Null when unknown (every block with a stored state is hashed again).
         */
        public ChangedFiles changedSince(String statePublishId) {
            return unchangedStructure().isPresent() && statePublishId != null
                    && statePublishId.equals(last.publishId())
                    && export.changed().stream().allMatch(p -> last.hashes().containsKey(p)
                            && export.hashes().containsKey(p))
                    ? new ChangedFiles(export.root(), export.changed()) : null;
        }

        public Map<Path, String> hashes() {
            return export.hashes();
        }
    }

    /** The course's identity as the event names it. */
    public static CourseKey courseKey(CoursePublished event) {
        if (event.publishId() == null || event.publishId().isBlank()) {
            throw new InvalidCourseException("INVALID_EVENT", "the event has no publishId");
        }
        try {
            return CourseKey.parse(event.courseId());
        } catch (IllegalArgumentException e) {
            throw new InvalidCourseException("INVALID_EVENT", e.getMessage(), e);
        }
    }

    /** Held while a course's unpacked snapshot is updated and rendered (one at a time per course). */
    public Object lock(CourseKey key) {
        return locks.computeIfAbsent(key.courseId(), k -> new Object());
    }

    /** The publish's source index, read in the background (so it overlaps what comes before {@link #update}). */
    public CompletableFuture<Optional<IndexedSnapshot>> readIndexAhead(CoursePublished event, CourseKey key,
            Executor background) {
        return CompletableFuture.supplyAsync(() -> indexedSnapshot(event, exportDir(key)), background);
    }

    /**
     * Brings the course's unpacked snapshot up to date with this publish's. Call with {@link #lock} held.
     *
     * @param index   the publish's source index read ahead ({@link #readIndexAhead}), or null to read it here
     * @param scratch a folder for a snapshot fetched from a URL
     */
    public Snapshot update(CoursePublished event, CourseKey key, CompletableFuture<Optional<IndexedSnapshot>> index,
            Path scratch) {
        Path exportDir = exportDir(key);
        // Taken out first: a render that fails midway leaves the unpacked files differing from what it remembers.
        LastRender last = lastRenders.remove(key.courseId());
        if (last != null) {
            try {
                SafeArchiveExtractor.Export fromIndex = changedFromIndex(event, last, exportDir, index);
                if (fromIndex != null) {
                    return new Snapshot(fromIndex, last, true);
                }
            } catch (SafeArchiveExtractor.IndexMismatchException e) {
                LOG.warnf("%s: the snapshot does not match its index (%s); unpacking it whole", event.sourceKey(),
                        e.getMessage());
                // files may have been written already: nothing the previous render left is trusted
                last = null;
            }
        }
        Map<Path, String> known = last == null ? Map.of() : last.hashes();
        SafeArchiveExtractor.Export export = source.read(event, scratch,
                in -> extractor.extract(in, exportDir, known));
        return new Snapshot(export, last, false);
    }

    /** Remembers a successful render of the course, for the next publish. */
    public void rendered(CourseKey key, String publishId, OlxCourse course, Snapshot snapshot) {
        lastRenders.put(key.courseId(), new LastRender(publishId, course, snapshot.hashes(), snapshot.export().paths()));
    }

    /**
     * The export of this publish from the publish-listener's index of its snapshot, when the previous snapshot of the
     * course is unpacked and this one holds the same paths: the files whose indexed sha256 differs from the unpacked
     * one are the changed ones, and only the start of the snapshot up to the last of them is read (nothing when none
     * changed). Null when there is no usable index or the paths differ (then the whole snapshot is unpacked).
     *
     * @throws SafeArchiveExtractor.IndexMismatchException when the snapshot does not hold what its index says
     */
    private SafeArchiveExtractor.Export changedFromIndex(CoursePublished event, LastRender last, Path exportDir,
            CompletableFuture<Optional<IndexedSnapshot>> prefetched) {
        if (!Files.isDirectory(last.course().root())) {
            return null;
        }
        Optional<IndexedSnapshot> indexed = prefetched != null ? Background.join(prefetched)
                : indexedSnapshot(event, exportDir);
        if (indexed.isEmpty() || !indexed.get().paths().equals(last.paths())) {
            return null; // files added or removed: the structure may have changed, unpack and compare everything
        }
        Map<Path, SourceIndex.Entry> wanted = new HashMap<>();
        long end = 0;
        for (var e : indexed.get().files().entrySet()) {
            if (!e.getValue().sha256().equalsIgnoreCase(last.hashes().get(e.getKey()))) {
                wanted.put(e.getKey(), e.getValue());
                end = Math.max(end, e.getValue().compressedEnd());
            }
        }
        if (!wanted.isEmpty()) {
            long size = indexed.get().index().sourceSize();
            long length = Math.min(end + RANGE_SLACK, size > 0 ? size : Long.MAX_VALUE);
            source.readStart(event, length, in -> extractor.extractChanged(in, exportDir, wanted));
        }
        return new SafeArchiveExtractor.Export(last.course().root(), indexed.get().hashes(),
                Set.copyOf(wanted.keySet()), indexed.get().paths());
    }

    /** The publish-listener's index of this publish's snapshot, checked against the extractor's limits. */
    private Optional<IndexedSnapshot> indexedSnapshot(CoursePublished event, Path exportDir) {
        return source.index(event).flatMap(index -> IndexedSnapshot.of(index, exportDir, extractor.maxBytes(),
                extractor.maxEntries()));
    }

    private static boolean contentOnly(Path root, Path changed) {
        if (!changed.startsWith(root)) {
            return false;
        }
        String rel = root.relativize(changed).toString().replace('\\', '/');
        return rel.startsWith("static/") || (rel.startsWith("html/") && !rel.endsWith(".xml"));
    }

    private Path exportDir(CourseKey key) {
        return workDir.resolve("exports").resolve(ObjectKeys.segment(key.courseId()));
    }

    /** Unpacked snapshots of courses not rendered within the retention are deleted (disk stays bounded). */
    public void pruneExports(CourseKey rendered) {
        Path current = exportDir(rendered);
        try {
            if (Files.isDirectory(current)) {
                Files.setLastModifiedTime(current, FileTime.from(Instant.now()));
            }
            Instant cutoff = Instant.now().minus(exportRetention);
            try (Stream<Path> dirs = Files.list(current.getParent())) {
                for (Path dir : dirs.toList()) {
                    String course = ObjectKeys.unsegment(dir.getFileName().toString());
                    if (!dir.equals(current) && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                        synchronized (locks.computeIfAbsent(course, k -> new Object())) {
                            Scratch.deleteTree(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debugf("pruning unpacked snapshots: %s", e.getMessage());
        }
    }
}
