package io.satchel.client.download;

import io.satchel.client.api.Conditional;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.CachedDocument;
import io.satchel.client.store.DownloadedBlock;
import io.satchel.client.store.LocalStore;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings a course's offline content up to date, as the Open edX app does: revalidate the manifest with its ETag,
 * fetch only blocks whose SHA-256 changed (resuming partial files), verify, unpack each into its own folder, and
 * delete blocks the course no longer has.
 */
public final class Downloader {
    /** Unpacked bytes allowed per announced zip byte before an archive counts as a zip bomb. */
    private static final long MAX_EXPANSION = 200;
    private static final long MIN_UNPACK_LIMIT = 64L * 1024 * 1024;

    private final LocalStore store;
    private final SyncApiClient api;
    private final ContentLayout layout;
    private final ResumableFetcher fetcher;
    private final Clock clock;

    public Downloader(LocalStore store, SyncApiClient api, ContentLayout layout, Clock clock) {
        this.store = store;
        this.api = api;
        this.layout = layout;
        this.fetcher = new ResumableFetcher(api);
        this.clock = clock;
    }

    /** What one download run did. */
    public record Report(String courseId, boolean manifestChanged, List<String> fetched, int upToDate,
            List<String> removed, boolean viaCourseZip) {
    }

    /** The block id given to --under is not in the course. */
    public static final class UnknownBlockException extends IllegalArgumentException {
        public UnknownBlockException(String message) {
            super(message);
        }
    }

    /**
     * @param under a chapter, sequential, vertical or leaf block id, or null for the whole course
     * @param full  fetch the course zip (one request) instead of block zips
     */
    public Report download(String courseId, String under, boolean full, DownloadListener listener)
            throws IOException {
        // The full manifest is always the one cached: completion and local deletes need every leaf; --under filters.
        Optional<CachedDocument> cached = store.manifest(courseId);
        Conditional answer = api.offlineManifest(courseId, cached.map(CachedDocument::etag).orElse(null));
        String json;
        if (answer.notModified() && cached.isPresent()) {
            json = cached.get().json();
        } else if (answer.notModified()) {
            answer = api.offlineManifest(courseId, null);
            json = answer.body();
        } else {
            json = answer.body();
        }
        OfflineManifest manifest = EventJson.fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                OfflineManifest.class);
        if (!answer.notModified()) {
            store.saveManifest(courseId, json, answer.etag(), clock.instant());
        }
        List<OfflineManifest.Block> blocks = manifest.blocks() == null ? List.of() : manifest.blocks();

        List<String> removed = removeBlocksNoLongerPublished(courseId, blocks);

        List<OfflineManifest.Block> selected = blocks.stream()
                .filter(b -> under == null || under.equals(b.blockId()) || b.path() != null && b.path().contains(under))
                .toList();
        if (under != null && selected.isEmpty()) {
            throw new UnknownBlockException("no block " + under + " in course " + courseId);
        }
        // A block without an archive (never expected per the contract) cannot be fetched; it is skipped, not fatal.
        List<OfflineManifest.Block> stale = selected.stream()
                .filter(b -> b.offlineDownload() != null && !upToDate(courseId, b)).toList();
        cleanStalePartFiles(courseId, stale, full ? manifest.course() : null);

        List<String> fetched = new ArrayList<>();
        boolean viaCourseZip = false;
        List<OfflineManifest.Block> remaining = stale;
        if (full && !stale.isEmpty() && manifest.course() != null && manifest.course().fileUrl() != null) {
            listener.started(1, manifest.course().fileSize());
            remaining = installFromCourseZip(courseId, manifest.course(), stale, listener, fetched);
            viaCourseZip = true;
            listener.fileDone("course zip");
        }
        if (!remaining.isEmpty()) {
            listener.started(remaining.size(), remaining.stream().mapToLong(b -> b.offlineDownload().fileSize()).sum());
            for (OfflineManifest.Block b : remaining) {
                Path part = layout.partFile(courseId, b.offlineDownload().sha256());
                fetcher.fetch(b.offlineDownload(), part, listener);
                install(courseId, b, part);
                Files.deleteIfExists(part);
                fetched.add(b.blockId());
                listener.fileDone(b.blockId());
            }
        }
        if (!stale.isEmpty()) {
            listener.finished();
        }
        return new Report(courseId, !answer.notModified(), fetched, selected.size() - stale.size(), removed,
                viaCourseZip);
    }

    private boolean upToDate(String courseId, OfflineManifest.Block b) {
        Optional<DownloadedBlock> local = store.block(b.blockId());
        return local.isPresent() && local.get().courseId().equals(courseId)
                && b.offlineDownload().sha256().equalsIgnoreCase(local.get().sha256())
                && Files.isRegularFile(local.get().indexHtml());
    }

    /** Unpacks a verified block zip next to its final folder, then swaps it in and records it. */
    private void install(String courseId, OfflineManifest.Block b, Path zip) throws IOException {
        Path folder = layout.blockFolder(courseId, b.blockId());
        Path fresh = folder.resolveSibling(folder.getFileName() + ".new");
        FileTree.delete(fresh);
        SafeUnzip.extract(zip, fresh, unpackLimit(b.offlineDownload().fileSize()));
        FileTree.replace(fresh, folder);
        store.saveBlock(new DownloadedBlock(courseId, b.blockId(), b.offlineDownload().sha256(),
                b.offlineDownload().lastModified(), folder));
    }

    /**
     * The course zip holds one folder per block (ObjectKeys.segment of its id) with that block's files; the blocks
     * found there are installed from it, the rest (returned) are fetched one by one.
     */
    private List<OfflineManifest.Block> installFromCourseZip(String courseId, OfflineManifest.Download course,
            List<OfflineManifest.Block> stale, DownloadListener listener, List<String> fetched) throws IOException {
        Path part = layout.partFile(courseId, course.sha256());
        fetcher.fetch(course, part, listener);
        Path unpacked = layout.courseFolder(courseId).resolve(".course-zip");
        FileTree.delete(unpacked);
        try {
            SafeUnzip.extract(part, unpacked, unpackLimit(course.fileSize()));
            List<OfflineManifest.Block> missing = new ArrayList<>();
            for (OfflineManifest.Block b : stale) {
                Path inZip = courseZipFolder(unpacked.toAbsolutePath().normalize(), b.blockId());
                if (inZip == null) {
                    missing.add(b);
                    continue;
                }
                Path folder = layout.blockFolder(courseId, b.blockId());
                Files.createDirectories(folder.getParent());
                FileTree.replace(inZip, folder);
                store.saveBlock(new DownloadedBlock(courseId, b.blockId(), b.offlineDownload().sha256(),
                        b.offlineDownload().lastModified(), folder));
                fetched.add(b.blockId());
            }
            return missing;
        } finally {
            FileTree.delete(unpacked);
            Files.deleteIfExists(part);
        }
    }

    /** The block's folder in the unpacked course zip: named by ObjectKeys.segment (the archiver's) or the raw id. */
    private static Path courseZipFolder(Path unpacked, String blockId) throws IOException {
        for (String name : List.of(ObjectKeys.segment(blockId), blockId)) {
            Path folder = SafeUnzip.resolve(unpacked, name + "/");
            if (Files.isRegularFile(folder.resolve("index.html"))) {
                return folder;
            }
        }
        return null;
    }

    private List<String> removeBlocksNoLongerPublished(String courseId, List<OfflineManifest.Block> blocks)
            throws IOException {
        Set<String> live = new HashSet<>();
        blocks.forEach(b -> live.add(b.blockId()));
        List<String> removed = new ArrayList<>();
        for (DownloadedBlock local : store.blocks(courseId)) {
            if (!live.contains(local.blockId())) {
                FileTree.delete(local.folder());
                store.deleteBlock(courseId, local.blockId());
                removed.add(local.blockId());
            }
        }
        return removed;
    }

    /** Partial files of versions nobody wants any more would otherwise pile up. */
    private void cleanStalePartFiles(String courseId, List<OfflineManifest.Block> stale, OfflineManifest.Download course)
            throws IOException {
        Path dir = layout.partFolder(courseId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> wanted = new HashSet<>();
        stale.forEach(b -> wanted.add(layout.partFile(courseId, b.offlineDownload().sha256())));
        if (course != null) {
            wanted.add(layout.partFile(courseId, course.sha256()));
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.part")) {
            for (Path f : files) {
                if (!wanted.contains(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static long unpackLimit(long zipSize) {
        return Math.max(MIN_UNPACK_LIMIT, zipSize * MAX_EXPANSION);
    }
}
