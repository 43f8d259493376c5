package io.satchel.archiver.service;

import io.satchel.archiver.config.ArchiverConfig;
import io.satchel.archiver.messaging.ArchivedAnnouncer;
import io.satchel.archiver.model.ArchivedPublish;
import io.satchel.archiver.model.LiveBlock;
import io.satchel.archiver.model.LiveCourse;
import io.satchel.archiver.zip.DeterministicZipWriter;
import io.satchel.common.io.TempArea;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.jboss.logging.Logger;

/**
 * The archiver's data flow for one course.rendered event, top to bottom:
 * <ol>
 * <li>drop redeliveries (publish already archived) and stale renders (older than the live manifest);</li>
 * <li>read the RenderManifest;</li>
 * <li>per block (a few at once, results taken in course order): reuse the live archive when the block's input is
 * unchanged, else build the deterministic zip and upload it under its sha256 unless that object exists; append its
 * entries to the course zip;</li>
 * <li>upload the course zip (folder per block + manifest.json);</li>
 * <li>write the OfflineManifest — only now, after every object it names exists;</li>
 * <li>record it as live in PostgreSQL, announce course.archived, then delete archives it no longer references.</li>
 * </ol>
 * Every step is idempotent, so a failed attempt (S3, PostgreSQL or Kafka down) is simply run again: the consumer
 * pipeline retries it with backoff, and dead-letters the record only when the retry budget is spent.
 */
@ApplicationScoped
public class CourseArchiver {
    private static final Logger LOG = Logger.getLogger(CourseArchiver.class);
    /** Name prefix of each run's folder in the work dir (stale ones are removed at start: {@code #workArea}). */
    static final String WORK_PREFIX = "archive-";

    public enum Outcome { ARCHIVED, DUPLICATE, REANNOUNCED, STALE }

    /**
     * One block's archive in the new manifest, with the zip the course zip copies from; {@code built} when the zip was
     * built in this run, false when the live archive was reused. {@code download} completes once the zip's sha256 is
     * known (at once, except for a big zip hashed on the upload pool), {@code uploaded} once a built zip is in object
     * storage (at once for a reused one).
     */
    private record ArchivedBlock(BuiltZip zip, String inputHash, boolean built, CompletableFuture<Download> download,
            CompletableFuture<Void> uploaded) implements AutoCloseable {
        @Override
        public void close() {
            zip.close();
        }
    }

    private final ArchiveState state;
    private final ArchiveStorage storage;
    private final BlockZipBuilder blockZips;
    private final ArchivedAnnouncer announcer;
    private final ArchiveCleaner cleaner;
    private final BlockWorkers workers;
    private final ArchiverConfig config;

    CourseArchiver(ArchiveState state, ArchiveStorage storage, BlockZipBuilder blockZips, ArchivedAnnouncer announcer,
            ArchiveCleaner cleaner, BlockWorkers workers, ArchiverConfig config) {
        this.workers = workers;
        this.state = state;
        this.storage = storage;
        this.blockZips = blockZips;
        this.announcer = announcer;
        this.cleaner = cleaner;
        this.config = config;
    }

    public Outcome archive(CourseRendered event) {
        long received = System.nanoTime();
        RenderValidation.requireComplete(event);
        String courseId = event.courseId();

        // 1. redelivery / stale
        Optional<ArchivedPublish> done = state.archivedPublish(event.publishId());
        if (done.isPresent()) {
            return finishEarlierAttempt(done.get());
        }
        Optional<LiveCourse> live = state.liveCourse(courseId);
        if (live.isPresent() && event.publishedAt().isBefore(live.get().publishedAt)) {
            LOG.infof("ignoring stale render %s of %s (published %s, live is %s)", event.publishId(), courseId,
                    event.publishedAt(), live.get().publishedAt);
            return Outcome.STALE;
        }

        // 2. the render
        RenderManifest render = storage.readRenderManifest(event.renderManifestKey());
        RenderValidation.requireValid(event, render);
        Instant generatedAt = Timestamps.now();
        Map<String, LiveBlock> previous = state.liveBlocks(courseId);
        Set<String> existing = storage.existingBlockArchives(courseId);

        Path work = workDir();
        MemoryBudget budget = new MemoryBudget(config.memoryBudget());
        RunTimes times = new RunTimes();
        long started = System.nanoTime();
        long courseStart;
        long courseDone;
        long blocksDone;
        Set<String> keep = new HashSet<>(); // what the new manifest references, for the cleanup
        try {
            // 3. block zips, copied into the course zip (hashed as it is written) as they come, in course order
            List<OfflineManifest.Block> blocks = new ArrayList<>();
            List<LiveBlock> liveBlocks = new ArrayList<>();
            List<OfflineManifest.Section> sections;
            Path courseZip = work.resolve("course.zip");
            MessageDigest courseSha = ZipDigest.newSha256();
            List<CompletableFuture<Void>> uploads = new ArrayList<>();
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(courseZip), 256 * 1024);
                    DeterministicZipWriter course = DeterministicZipWriter.streaming(
                            new DigestOutputStream(file, courseSha), config.compressionLevel());
                    BlockWorkers.Ordered<ArchivedBlock> built = workers.inOrder(render.blocks(), block ->
                            times.building(() -> buildOrReuse(courseId, block, previous.get(block.blockId()),
                                    generatedAt, work, budget, (zip, download) -> times.uploading(() ->
                                            storage.uploadIfAbsent(download.objectKey(), zip, event.publishedAt(),
                                                    generatedAt, "block", existing)))))) {
                List<ArchivedBlock> archivedBlocks = new ArrayList<>();
                for (RenderManifest.Block block : render.blocks()) {
                    long waitStart = System.nanoTime();
                    ArchivedBlock archived = built.next();
                    long copyStart = System.nanoTime();
                    // a new zip has been uploading (or hashing, then uploading) since it was built; its memory or temp
                    // file goes once it is both uploaded and copied into the course zip
                    try (ZipFile entries = archived.zip().open()) {
                        course.addAll(entries, ObjectKeys.segment(block.blockId()) + "/");
                    }
                    uploads.add(archived.uploaded().whenComplete((ok, failure) -> archived.close()));
                    times.waited(copyStart - waitStart, System.nanoTime() - copyStart);
                    archivedBlocks.add(archived);
                }
                for (int i = 0; i < archivedBlocks.size(); i++) {
                    RenderManifest.Block block = render.blocks().get(i);
                    Download download = BlockWorkers.join(archivedBlocks.get(i).download());
                    blocks.add(new OfflineManifest.Block(block.blockId(), block.type(), block.displayName(),
                            block.path(), download));
                    liveBlocks.add(liveBlock(courseId, block.blockId(), archivedBlocks.get(i).inputHash(), download));
                }
                sections = ManifestAssembler.sections(render.sections(), blocks);
                course.add("manifest.json", EventJson.toBytes(
                        ManifestAssembler.insideCourseZip(courseId, event.publishedAt(), blocks, sections)));
            }
            ZipDigest courseDigest = new ZipDigest(Files.size(courseZip), ZipDigest.hex(courseSha.digest()));

            // 4. course zip, uploaded while the last block zips finish uploading
            String courseKey = ObjectKeys.courseArchive(courseId, courseDigest.sha256());
            Instant courseLastModified = live.isPresent() && live.get().courseSha256.equals(courseDigest.sha256())
                    ? live.get().courseLastModified : generatedAt;
            courseStart = System.nanoTime();
            try (BuiltZip zip = BuiltZip.inFile(courseZip, courseDigest)) {
                storage.uploadIfAbsent(courseKey, zip, event.publishedAt(), generatedAt, "course", null);
            }
            courseDone = System.nanoTime();
            BlockWorkers.awaitAll(uploads);
            blocksDone = System.nanoTime();
            Download courseDownload = new Download(null, courseKey, courseDigest.size(), courseDigest.sha256(),
                    courseLastModified);

            keep.add(courseKey);
            blocks.forEach(b -> keep.add(b.offlineDownload().objectKey()));

            // 5. the offline manifest, after everything it points at
            String manifestKey = ObjectKeys.offlineManifest(courseId, event.publishId());
            OfflineManifest manifest = new OfflineManifest(courseId, event.publishId(), event.publishedAt(),
                    generatedAt, courseDownload, blocks, sections);
            storage.putManifest(manifestKey, manifest);

            // 6. live in PostgreSQL (unless a newer publish got there first)
            if (!state.makeLive(liveCourse(manifest, manifestKey), liveBlocks,
                    archivedPublish(manifest, manifestKey))) {
                LOG.infof("render %s of %s lost to a newer publish; not announced", event.publishId(), courseId);
                return Outcome.STALE;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(work);
        }

        // 7. announce, then clean up
        long madeLive = System.nanoTime();
        ArchivedPublish archivedPublish = state.archivedPublish(event.publishId()).orElseThrow();
        announcer.announce(new CourseArchived(archivedPublish.publishId, archivedPublish.courseId,
                archivedPublish.publishedAt, archivedPublish.generatedAt, archivedPublish.manifestKey,
                archivedPublish.blockCount));
        long announced = System.nanoTime();
        state.markAnnounced(archivedPublish.publishId, Timestamps.now());
        if (config.deleteUnreferenced()) {
            cleaner.removeUnreferenced(courseId, keep, existing);
        }
        LOG.infof("archived %s of %s: %d blocks in %d ms (render manifest+state %d, course zip written %d, uploaded %d, "
                + "last block uploads %d, manifest+db %d, announce %d, cleanup %d; %s)", event.publishId(), courseId,
                render.blocks().size(), ms(received, System.nanoTime()), ms(received, started),
                ms(started, courseStart), ms(courseStart, courseDone),
                ms(courseDone, blocksDone), ms(blocksDone, madeLive), ms(madeLive, announced),
                ms(announced, System.nanoTime()), times);
        return Outcome.ARCHIVED;
    }

    /**
     * Reuses the live archive when the block's input did not change (downloaded for the course zip, never uploaded);
     * otherwise builds the deterministic zip and starts its upload. Runs on a block worker.
     */
    private ArchivedBlock buildOrReuse(String courseId, RenderManifest.Block block, LiveBlock previous,
            Instant generatedAt, Path work, MemoryBudget budget, BiConsumer<BuiltZip, Download> upload) {
        String inputHash = blockZips.inputHash(block);
        if (previous != null && previous.inputHash.equals(inputHash)) {
            Optional<BuiltZip> liveZip = storage.downloadVerified(previous.objectKey, previous.sha256,
                    previous.fileSize, work, budget);
            if (liveZip.isPresent()) {
                return new ArchivedBlock(liveZip.get(), inputHash, false, CompletableFuture.completedFuture(
                        new Download(null, previous.objectKey, previous.fileSize, previous.sha256,
                                previous.lastModified)), CompletableFuture.completedFuture(null));
            }
        }
        BuiltZip zip;
        try {
            zip = blockZips.build(block, work, budget);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the upload starts now (its own pool), not when the course zip reaches this block; a big zip is hashed there
        // first, while the course zip copies its entries
        CompletableFuture<Download> download = zip.hashed()
                ? CompletableFuture.completedFuture(download(courseId, block, previous, generatedAt, zip.digest()))
                : workers.beforeUpload(() -> {
                    try {
                        return download(courseId, block, previous, generatedAt, zip.hash());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        CompletableFuture<Void> uploaded = zip.hashed()
                ? workers.upload(() -> upload.accept(zip, download.join()))
                : download.thenAccept(d -> upload.accept(zip, d)); // runs on the upload pool, right after hashing
        return new ArchivedBlock(zip, inputHash, true, download, uploaded);
    }

    /** The manifest entry of a zip built in this run. */
    private static Download download(String courseId, RenderManifest.Block block, LiveBlock previous,
            Instant generatedAt, ZipDigest digest) {
        String key = ObjectKeys.blockArchive(courseId, block.blockId(), digest.sha256());
        // lastModified moves only when the bytes change (contract): same sha256 as live ⇒ keep its time
        Instant lastModified = previous != null && previous.sha256.equals(digest.sha256()) ? previous.lastModified
                : generatedAt;
        return new Download(null, key, digest.size(), digest.sha256(), lastModified);
    }

    /** A redelivered publish: announce it if that step did not complete, unless a newer publish is live by now. */
    private Outcome finishEarlierAttempt(ArchivedPublish publish) {
        if (publish.announcedAt != null) {
            return Outcome.DUPLICATE;
        }
        Optional<LiveCourse> live = state.liveCourse(publish.courseId);
        if (live.isEmpty() || !live.get().publishId.equals(publish.publishId)) {
            return Outcome.STALE;
        }
        announceAndClean(publish);
        return Outcome.REANNOUNCED;
    }

    private void announceAndClean(ArchivedPublish publish) {
        announcer.announce(new CourseArchived(publish.publishId, publish.courseId, publish.publishedAt,
                publish.generatedAt, publish.manifestKey, publish.blockCount));
        state.markAnnounced(publish.publishId, Timestamps.now());
        if (config.deleteUnreferenced()) {
            cleaner.removeUnreferenced(publish.courseId);
        }
    }

    private static LiveBlock liveBlock(String courseId, String blockId, String inputHash, Download download) {
        LiveBlock b = new LiveBlock();
        b.courseId = courseId;
        b.blockId = blockId;
        b.inputHash = inputHash;
        b.objectKey = download.objectKey();
        b.fileSize = download.fileSize();
        b.sha256 = download.sha256();
        b.lastModified = download.lastModified();
        return b;
    }

    private static LiveCourse liveCourse(OfflineManifest m, String manifestKey) {
        LiveCourse c = new LiveCourse();
        c.courseId = m.courseId();
        c.publishId = m.publishId();
        c.publishedAt = m.publishedAt();
        c.generatedAt = m.generatedAt();
        c.manifestKey = manifestKey;
        c.courseObjectKey = m.course().objectKey();
        c.courseSha256 = m.course().sha256();
        c.courseSize = m.course().fileSize();
        c.courseLastModified = m.course().lastModified();
        return c;
    }

    private static ArchivedPublish archivedPublish(OfflineManifest m, String manifestKey) {
        ArchivedPublish p = new ArchivedPublish();
        p.publishId = m.publishId();
        p.courseId = m.courseId();
        p.publishedAt = m.publishedAt();
        p.generatedAt = m.generatedAt();
        p.manifestKey = manifestKey;
        p.blockCount = m.blocks().size();
        return p;
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Run folders a killed process left are removed at start ({@code StaleTempCleanup}). */
    @Produces
    @Singleton
    static TempArea workArea(ArchiverConfig config) {
        return new TempArea(workDir(config), List.of(WORK_PREFIX));
    }

    /** {@code satchel.archiver.work-dir}, default {@code <java.io.tmpdir>/satchel-archiver}. */
    static Path workDir(ArchiverConfig config) {
        return config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "satchel-archiver"));
    }

    private Path workDir() {
        try {
            Path base = workDir(config);
            Files.createDirectories(base);
            return Files.createTempDirectory(base, WORK_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans what is left
        }
    }
}
