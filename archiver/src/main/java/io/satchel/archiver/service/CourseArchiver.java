package io.satchel.archiver.service;

import io.satchel.archiver.config.ArchiverConfig;
import io.satchel.archiver.messaging.ArchivedAnnouncer;
import io.satchel.archiver.model.ArchivedPublish;
import io.satchel.archiver.model.LiveBlock;
import io.satchel.archiver.model.LiveCourse;
import io.satchel.archiver.zip.DeterministicZipWriter;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
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
 * Every step is idempotent, so a failed attempt (S3 or Kafka down) is simply retried with backoff; after the last
 * retry the consumer sends the record to the DLQ.
 */
@ApplicationScoped
public class CourseArchiver {
    private static final Logger LOG = Logger.getLogger(CourseArchiver.class);

    public enum Outcome { ARCHIVED, DUPLICATE, REANNOUNCED, STALE }

    /**
     * One block's archive in the new manifest, with the zip file the course zip copies from; {@code built} is set when
     * the zip was built in this run (and may need uploading), null when the live archive was reused.
     */
    private record ArchivedBlock(Path zip, String inputHash, ZipDigest built, Download download) {
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

    @Retry(maxRetries = 8, delay = 500, maxDuration = 180_000, jitter = 100, abortOn = InvalidRenderException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 20_000)
    public Outcome archive(CourseRendered event) {
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
        long started = System.nanoTime();
        long blocksDone;
        long courseDone;
        try {
            // 3. block zips, streamed into the course zip as they are made
            List<OfflineManifest.Block> blocks = new ArrayList<>();
            List<LiveBlock> liveBlocks = new ArrayList<>();
            List<OfflineManifest.Section> sections;
            Path courseZip = work.resolve("course.zip");
            List<CompletableFuture<Void>> uploads = new ArrayList<>();
            try (DeterministicZipWriter course = new DeterministicZipWriter(courseZip, config.compressionLevel());
                    BlockWorkers.Ordered<ArchivedBlock> built = workers.inOrder(render.blocks(), block ->
                            buildOrReuse(courseId, block, previous.get(block.blockId()), generatedAt, work))) {
                for (RenderManifest.Block block : render.blocks()) {
                    ArchivedBlock archived = built.next();
                    course.addAll(archived.zip(), ObjectKeys.segment(block.blockId()) + "/");
                    // the upload of a new zip overlaps with the next blocks; its temp file goes once both are done
                    uploads.add(workers.run(() -> upload(archived, event.publishedAt(), generatedAt, existing))
                            .whenComplete((ok, failure) -> archived.zip().toFile().delete()));
                    blocks.add(new OfflineManifest.Block(block.blockId(), block.type(), block.displayName(),
                            block.path(), archived.download()));
                    liveBlocks.add(liveBlock(courseId, block.blockId(), archived));
                }
                sections = ManifestAssembler.sections(render.sections(), blocks);
                course.add("manifest.json", EventJson.toBytes(
                        ManifestAssembler.insideCourseZip(courseId, event.publishedAt(), blocks, sections)));
            }

            BlockWorkers.awaitAll(uploads);
            blocksDone = System.nanoTime();

            // 4. course zip
            ZipDigest courseDigest = ZipDigest.of(courseZip);
            String courseKey = ObjectKeys.courseArchive(courseId, courseDigest.sha256());
            Instant courseLastModified = live.isPresent() && live.get().courseSha256.equals(courseDigest.sha256())
                    ? live.get().courseLastModified : generatedAt;
            storage.uploadIfAbsent(courseKey, courseZip, courseDigest, event.publishedAt(), generatedAt, "course", null);
            Download courseDownload = new Download(null, courseKey, courseDigest.size(), courseDigest.sha256(),
                    courseLastModified);

            courseDone = System.nanoTime();

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
        announceAndClean(state.archivedPublish(event.publishId()).orElseThrow());
        LOG.infof("archived %s of %s: %d blocks in %d ms (blocks %d, course zip %d, manifest+db %d, announce+cleanup %d)",
                event.publishId(), courseId, render.blocks().size(), ms(started, System.nanoTime()),
                ms(started, blocksDone), ms(blocksDone, courseDone), ms(courseDone, madeLive), ms(madeLive, System.nanoTime()));
        return Outcome.ARCHIVED;
    }

    /**
     * Reuses the live archive when the block's input did not change (downloaded for the course zip, never uploaded);
     * otherwise builds the deterministic zip. Runs on a block worker.
     */
    private ArchivedBlock buildOrReuse(String courseId, RenderManifest.Block block, LiveBlock previous,
            Instant generatedAt, Path work) {
        Path zip = work.resolve("block-" + UUID.randomUUID() + ".zip");
        String inputHash = blockZips.inputHash(block);
        if (previous != null && previous.inputHash.equals(inputHash)
                && storage.downloadVerified(previous.objectKey, previous.sha256, zip)) {
            return new ArchivedBlock(zip, inputHash, null, new Download(null, previous.objectKey, previous.fileSize,
                    previous.sha256, previous.lastModified));
        }
        ZipDigest digest;
        try {
            digest = blockZips.build(block, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = ObjectKeys.blockArchive(courseId, block.blockId(), digest.sha256());
        // lastModified moves only when the bytes change (contract): same sha256 as live ⇒ keep its time
        Instant lastModified = previous != null && previous.sha256.equals(digest.sha256()) ? previous.lastModified
                : generatedAt;
        return new ArchivedBlock(zip, inputHash, digest, new Download(null, key, digest.size(), digest.sha256(),
                lastModified));
    }

    /** Uploads a newly built block zip unless its content-addressed object exists already. */
    private void upload(ArchivedBlock archived, Instant publishedAt, Instant generatedAt, Set<String> existing) {
        if (archived.built() != null) {
            storage.uploadIfAbsent(archived.download().objectKey(), archived.zip(), archived.built(), publishedAt,
                    generatedAt, "block", existing);
        }
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

    private static LiveBlock liveBlock(String courseId, String blockId, ArchivedBlock archived) {
        LiveBlock b = new LiveBlock();
        b.courseId = courseId;
        b.blockId = blockId;
        b.inputHash = archived.inputHash();
        b.objectKey = archived.download().objectKey();
        b.fileSize = archived.download().fileSize();
        b.sha256 = archived.download().sha256();
        b.lastModified = archived.download().lastModified();
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

    private Path workDir() {
        try {
            Path base = config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "archive-");
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
