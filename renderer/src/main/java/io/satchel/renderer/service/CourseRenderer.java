package io.satchel.renderer.service;

import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.events.SourceIndex;
import io.satchel.events.Timestamps;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.renderer.render.BlockRenderer;
import io.satchel.renderer.render.ChangedFiles;
import io.satchel.renderer.render.CourseContext;
import io.satchel.renderer.render.ExternalAssets;
import io.satchel.renderer.service.RenderStateStore.PreviousBlock;
import io.satchel.renderer.source.IndexedSnapshot;
import io.satchel.renderer.source.SafeArchiveExtractor;
import io.satchel.renderer.source.SnapshotSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One publish, start to end, without persistence (so the benchmark can drive it too): snapshot → safe unpack → OLX
 * structure → every leaf rendered with bounded parallelism → pages whose content hash changed written to S3 (the
 * others reuse their previous files) → render manifest written. Memory stays bounded: the export lives on disk,
 * leaves are read one at a time, assets are streamed.
 */
public class CourseRenderer {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CourseRenderer.class);
    private final ObjectStore store;
    private final SnapshotSource source;
    private final SafeArchiveExtractor extractor;
    private final SafeHttpFetcher assetFetcher;
    private final List<String> assetHosts;
    private final String lmsBaseUrl;
    private final int parallelism;
    private final Path workDir;
    private final java.time.Duration exportRetention;
    private final BlockRenderer blockRenderer = new BlockRenderer();

    public CourseRenderer(ObjectStore store, SnapshotSource source, SafeArchiveExtractor extractor,
            SafeHttpFetcher assetFetcher, List<String> assetHosts, String lmsBaseUrl, int parallelism, Path workDir,
            java.time.Duration exportRetention) {
        this.store = store;
        this.source = source;
        this.extractor = extractor;
        this.assetFetcher = assetFetcher;
        this.assetHosts = assetHosts;
        this.lmsBaseUrl = lmsBaseUrl;
        this.parallelism = Math.max(1, parallelism);
        this.workDir = workDir;
        this.exportRetention = exportRetention;
    }

    /**
     * What one render produced.
     *
     * @param bytesWritten  bytes of page files and assets stored (the render manifest not counted)
     * @param dependencies  per block id, the lookups its content hash covers (to store with the block)
     * @param changedBlocks blocks whose stored state must be (re)written
     */
    public record Result(RenderManifest manifest, String manifestKey, int renderedBlockCount, long bytesWritten,
            Map<String, List<String>> dependencies, Set<String> changedBlocks,
            CompletableFuture<Void> manifestWritten) {

        /** Waits until the render manifest is stored; its failure (e.g. S3 down) is thrown as it was. */
        public void awaitManifest() {
            try {
                manifestWritten.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
        }
    }

    /**
     * Work overlapping the publish's critical path: storing render manifests while the state is updated, reading
     * source indexes while the state is read.
     */
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "renderer-background");
        t.setDaemon(true);
        return t;
    });

    /** @param previous each block's last rendering (from the state store), by block id */
    public Result render(CoursePublished event, Map<String, PreviousBlock> previous) {
        return render(event, previous, null);
    }

    /**
     * @param previous          each block's last rendering (from the state store), by block id
     * @param previousPublishId the publish {@code previous} belongs to (null: unknown)
     */
    public Result render(CoursePublished event, Map<String, PreviousBlock> previous, String previousPublishId) {
        return render(event, previous, previousPublishId, null);
    }

    /**
     * Starts reading the publish's source index (see {@link #render(CoursePublished, Map, String, IndexPrefetch)})
     * in the background, so it overlaps what the caller does before rendering (reading the state).
     */
    public IndexPrefetch prefetchIndex(CoursePublished event) {
        return new IndexPrefetch(CompletableFuture.supplyAsync(() -> {
            Path exportDir;
            try {
                exportDir = exportDir(courseKey(event));
            } catch (InvalidCourseException e) {
                return Optional.<IndexedSnapshot>empty(); // the render reports it
            }
            return indexedSnapshot(event, exportDir);
        }, BACKGROUND));
    }

    /** A source index being read ahead of the render. */
    public record IndexPrefetch(CompletableFuture<Optional<IndexedSnapshot>> future) {
        Optional<IndexedSnapshot> join() {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re; // e.g. S3 unreachable: the publish is retried
                }
                throw e;
            }
        }
    }

    /**
     * @param index the source index read ahead ({@link #prefetchIndex}), or null to read it when needed
     */
    public Result render(CoursePublished event, Map<String, PreviousBlock> previous, String previousPublishId,
            IndexPrefetch index) {
        CourseKey key = courseKey(event);
        // The course's previous snapshot stays unpacked between publishes, so only changed files are written again.
        Path exportDir = exportDir(key);
        Result result;
        synchronized (EXPORT_LOCKS.computeIfAbsent(key.courseId(), k -> new Object())) {
            result = renderLocked(event, key, exportDir, previous, previousPublishId, index);
        }
        pruneExports(exportDir);
        return result;
    }

    private Path exportDir(CourseKey key) {
        return workDir.resolve("exports").resolve(ObjectKeys.segment(key.courseId()));
    }

    private Result renderLocked(CoursePublished event, CourseKey key, Path exportDir,
            Map<String, PreviousBlock> previous, String previousPublishId, IndexPrefetch index) {
        // Taken out first: a render that fails midway leaves the unpacked files differing from the cached structure.
        Previous last = structures.remove(key.courseId());
        Path work = tempDir();
        try {
            long t0 = System.nanoTime();
            long[] readNanos = {0, 0}; // waiting for the snapshot stream; reading and checking its index
            // With the publish-listener's index of the snapshot, only the files it changed are read (or none at all)
            SafeArchiveExtractor.Export fromIndex = null;
            if (last != null) {
                try {
                    fromIndex = changedFromIndex(event, last, exportDir, index, readNanos);
                } catch (SafeArchiveExtractor.IndexMismatchException e) {
                    LOG.warnf("%s: the snapshot does not match its index (%s); unpacking it whole",
                            event.sourceKey(), e.getMessage());
                    // files may have been written already: nothing the previous render left is trusted
                    last = null;
                }
            }
            Previous cached = last;
            boolean indexed = fromIndex != null;
            SafeArchiveExtractor.Export export = indexed ? fromIndex : source.read(event, work,
                    in -> extractor.extract(new TimedInputStream(in, readNanos), exportDir,
                            cached == null ? Map.of() : cached.hashes()));
            long t1 = System.nanoTime();
            boolean sameStructure = cached != null && cached.course().root().equals(export.root())
                    && export.changed().stream().allMatch(p -> contentOnly(export.root(), p));
            OlxCourse course = sameStructure ? cached.course() : OlxCourseReader.read(export.root(), key);
            // Only file contents changed since the render whose block states we hold: a block none of whose lookups
            // (nor its own html file) touches a changed file keeps its hash, so it is not even hashed again.
            ChangedFiles changedFiles = sameStructure && previousPublishId != null
                    && previousPublishId.equals(cached.publishId())
                    && export.changed().stream().allMatch(p -> cached.hashes().containsKey(p)
                            && export.hashes().containsKey(p))
                    ? new ChangedFiles(export.root(), export.changed()) : null;
            long t2 = System.nanoTime();
            CourseContext ctx = CourseContext.of(course,
                    new ExternalAssets(assetFetcher, assetHosts, Files.createDirectories(work.resolve("external"))),
                    lmsBaseUrl, export.hashes());
            RenderOutputStore output = new RenderOutputStore(store, key.courseId());
            previous.values().forEach(p -> output.storedBefore(p.files()));
            AtomicInteger rendered = new AtomicInteger();
            AtomicInteger hashed = new AtomicInteger(); // blocks whose hash was computed from their lookups (log)
            AtomicLong renderNanos = new AtomicLong(); // (log)
            Map<String, List<String>> dependencies = new java.util.concurrent.ConcurrentHashMap<>();
            List<RenderManifest.Block> blocks = renderLeaves(ctx, course, previous, changedFiles, output, rendered,
                    hashed, renderNanos, dependencies);
            long tLeaves = System.nanoTime();
            RenderManifest manifest = new RenderManifest(key.courseId(), event.publishId(), event.publishedAt(),
                    Timestamps.now(), BlockRenderer.RENDERER_VERSION, course.displayName(), blocks, sections(course));
            String manifestKey = ObjectKeys.renderManifest(key.courseId(), event.publishId());
            // serialized and written while the caller records the state (it awaits this before committing)
            CompletableFuture<Void> manifestWritten = CompletableFuture
                    .runAsync(() -> store.put(manifestKey, EventJson.toBytes(manifest), "application/json",
                            Map.of()), BACKGROUND);
            long t3 = System.nanoTime();
            LOG.infof("%s %s: download+unpack %d ms (%s: %d ms reading the index, %d ms waiting for the snapshot"
                    + " stream, %d files written), OLX %d ms, pages %d ms (%d of %d rendered, %d ms rendering and"
                    + " storing them, %d hashed from their lookups), manifest %d ms", key.courseId(),
                    event.publishId(), ms(t1 - t0), indexed ? "changed files from the index" : "whole",
                    ms(readNanos[1]), ms(readNanos[0]), export.written(), ms(t2 - t1), ms(tLeaves - t2),
                    rendered.get(), blocks.size(), ms(renderNanos.get()), hashed.get(), ms(t3 - tLeaves));
            // (the manifest time covers building it; serializing and storing it overlap the caller's state update)
            Set<String> changed = new HashSet<>();
            for (RenderManifest.Block b : blocks) {
                PreviousBlock prev = previous.get(b.blockId());
                if (prev == null || !prev.contentHash().equals(b.contentHash()) || prev.dependencies() == null) {
                    changed.add(b.blockId());
                }
            }
            structures.put(key.courseId(), new Previous(event.publishId(), course, export.hashes(), export.paths()));
            return new Result(manifest, manifestKey, rendered.get(), output.bytesWritten(),
                    Map.copyOf(dependencies), changed, manifestWritten);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    private static final Map<String, Object> EXPORT_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The course structure and file hashes of the last successful render per course (a few courses, least recently
     * used dropped).
     * It is reused while a publish changed only content files — static files and html bodies, which hold no
     * structure, display names or filenames — so a republish of edited pages does not read the whole OLX tree.
     */
    private final Map<String, Previous> structures = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Previous> eldest) {
                    return size() > 16;
                }
            });

    /**
     * What the last successful render of a course left: its publish, structure, the hashes of its unpacked files and
     * every path unpacked.
     */
    private record Previous(String publishId, OlxCourse course, Map<Path, String> hashes, Set<Path> paths) {
    }

    /** How far past an entry's indexed compressed end the snapshot is read (the index's bound is already safe). */
    private static final long RANGE_SLACK = 64 * 1024;

    /**
     * The export of this publish from the publish-listener's index of its snapshot, when the previous snapshot of the
     * course is unpacked and this one holds the same paths: the files whose indexed sha256 differs from the unpacked
     * one are the changed ones, and only the start of the snapshot up to the last of them is read (nothing when none
     * changed). Null when there is no usable index or the paths differ (then the whole snapshot is unpacked).
     *
     * @throws SafeArchiveExtractor.IndexMismatchException when the snapshot does not hold what its index says
     */
    private SafeArchiveExtractor.Export changedFromIndex(CoursePublished event, Previous cached, Path exportDir,
            IndexPrefetch prefetched, long[] readNanos) {
        if (!Files.isDirectory(cached.course().root())) {
            return null;
        }
        long t = System.nanoTime();
        var indexed = prefetched != null ? prefetched.join() : indexedSnapshot(event, exportDir);
        readNanos[1] = System.nanoTime() - t; // (with a prefetch: the time still waited for it)
        if (indexed.isEmpty() || !indexed.get().paths().equals(cached.paths())) {
            return null; // files added or removed: the structure may have changed, unpack and compare everything
        }
        Map<Path, SourceIndex.Entry> wanted = new java.util.HashMap<>();
        long end = 0;
        for (var e : indexed.get().files().entrySet()) {
            if (!e.getValue().sha256().equalsIgnoreCase(cached.hashes().get(e.getKey()))) {
                wanted.put(e.getKey(), e.getValue());
                end = Math.max(end, e.getValue().compressedEnd());
            }
        }
        if (!wanted.isEmpty()) {
            long length = Math.min(end + RANGE_SLACK, indexed.get().index().sourceSize() > 0
                    ? indexed.get().index().sourceSize() : Long.MAX_VALUE);
            source.readStart(event, length, in -> extractor.extractChanged(new TimedInputStream(in, readNanos),
                    exportDir, wanted));
        }
        Map<Path, String> hashes = indexed.get().hashes();
        return new SafeArchiveExtractor.Export(cached.course().root(), hashes, Set.copyOf(wanted.keySet()),
                indexed.get().paths());
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

    /** Unpacked snapshots of courses not rendered within the retention are deleted (disk stays bounded). */
    private void pruneExports(Path current) {
        try {
            Files.setLastModifiedTime(current, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            java.time.Instant cutoff = java.time.Instant.now().minus(exportRetention);
            try (Stream<Path> dirs = Files.list(current.getParent())) {
                for (Path dir : dirs.toList()) {
                    String course = ObjectKeys.unsegment(dir.getFileName().toString());
                    if (!dir.equals(current) && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                        synchronized (EXPORT_LOCKS.computeIfAbsent(course, k -> new Object())) {
                            deleteTree(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debugf("pruning unpacked snapshots: %s", e.getMessage());
        }
    }


    /** Counts the time spent waiting on the snapshot stream (S3 or the fetched file), for the phase log. */
    private static final class TimedInputStream extends java.io.FilterInputStream {
        private final long[] nanos;

        TimedInputStream(java.io.InputStream in, long[] nanos) {
            super(in);
            this.nanos = nanos;
        }

        @Override
        public int read() throws IOException {
            long t = System.nanoTime();
            try {
                return super.read();
            } finally {
                nanos[0] += System.nanoTime() - t;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long t = System.nanoTime();
            try {
                return super.read(b, off, len);
            } finally {
                nanos[0] += System.nanoTime() - t;
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private List<RenderManifest.Block> renderLeaves(CourseContext ctx, OlxCourse course,
            Map<String, PreviousBlock> previous, ChangedFiles changedFiles, RenderOutputStore output,
            AtomicInteger rendered, AtomicInteger hashed, AtomicLong renderNanos,
            Map<String, List<String>> dependencies) {
        Set<String> seen = new HashSet<>();
        List<OlxNode> leaves = course.leaves().stream().filter(l -> seen.add(l.blockId())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "render-" + ctx.course().key().course());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RenderManifest.Block>> futures = new ArrayList<>();
            for (OlxNode leaf : leaves) {
                futures.add(pool.submit(() -> renderLeaf(ctx, leaf, previous.get(leaf.blockId()), changedFiles,
                        output, rendered, hashed, renderNanos, dependencies)));
            }
            List<RenderManifest.Block> blocks = new ArrayList<>();
            for (Future<RenderManifest.Block> f : futures) {
                blocks.add(f.get());
            }
            return blocks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private RenderManifest.Block renderLeaf(CourseContext ctx, OlxNode leaf, PreviousBlock previous,
            ChangedFiles changedFiles, RenderOutputStore output, AtomicInteger rendered, AtomicInteger hashed,
            AtomicLong renderNanos, Map<String, List<String>> dependencies) {
        if (previous != null && previous.dependencies() != null) {
            // Same OLX and same answers to the same lookups ⇒ same page: reuse it without rendering.
            String hash;
            if (changedFiles != null && !changedFiles.mayAffect(leaf, previous.dependencies())) {
                hash = previous.contentHash();
            } else {
                hash = blockRenderer.currentHash(ctx, leaf, previous.dependencies());
                hashed.incrementAndGet();
            }
            if (hash.equals(previous.contentHash())) {
                dependencies.put(leaf.blockId(), previous.dependencies());
                return new RenderManifest.Block(leaf.blockId(), leaf.type(), leaf.displayName(), leaf.path(), hash,
                        previous.files(), previous.missingAssets(), null);
            }
        }
        long t = System.nanoTime();
        BlockRenderer.RenderedPage page = blockRenderer.render(ctx, leaf);
        dependencies.put(leaf.blockId(), List.copyOf(new java.util.TreeSet<>(page.dependencies())));
        List<RenderManifest.File> files;
        if (previous != null && previous.contentHash().equals(page.contentHash())) {
            files = previous.files(); // the stored files of this very version serve again
        } else {
            files = output.store(page);
            rendered.incrementAndGet();
        }
        renderNanos.addAndGet(System.nanoTime() - t);
        return new RenderManifest.Block(leaf.blockId(), leaf.type(), leaf.displayName(), leaf.path(),
                page.contentHash(), files, page.missingAssets(), null);
    }

    private static List<RenderManifest.Section> sections(OlxCourse course) {
        return course.sections().stream()
                .map(s -> new RenderManifest.Section(s.blockId(), s.type(), s.displayName(), s.path())).toList();
    }

    private static CourseKey courseKey(CoursePublished event) {
        if (event.publishId() == null || event.publishId().isBlank()) {
            throw new InvalidCourseException("INVALID_EVENT", "the event has no publishId");
        }
        try {
            return CourseKey.parse(event.courseId());
        } catch (IllegalArgumentException e) {
            throw new InvalidCourseException("INVALID_EVENT", e.getMessage(), e);
        }
    }

    private Path tempDir() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "render-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up what is left
        }
    }
}
