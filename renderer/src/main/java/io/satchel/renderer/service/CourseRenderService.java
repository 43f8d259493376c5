package io.satchel.renderer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.satchel.common.http.FetchPolicy;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.io.TempArea;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import io.satchel.renderer.config.LmsConfig;
import io.satchel.renderer.config.RendererConfig;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.renderer.render.BlockRenderer;
import io.satchel.renderer.render.CourseContext;
import io.satchel.renderer.render.ExternalAssets;
import io.satchel.renderer.service.CourseRenderer.RenderedBlocks;
import io.satchel.renderer.service.CourseSnapshots.Snapshot;
import io.satchel.renderer.service.RenderPhases.Phase;
import io.satchel.renderer.service.RenderStateStore.PreviousState;
import io.satchel.renderer.source.IndexedSnapshot;
import io.satchel.renderer.source.SafeArchiveExtractor;
import io.satchel.renderer.source.SnapshotSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.persistence.PersistenceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The renderer's flow for one course.published event, top to bottom in {@link #renderOnce}: stale check and previous
 * state → snapshot → changed files → OLX → plan (which blocks) → render → store → state → announce. A block that
 * cannot be prepared offline gets its unavailable page and a problem in the manifest (see {@link BlockRenderer});
 * only course-level failures ({@code InvalidCourseException}) fail the publish. S3 and database failures are
 * transient and thrown ({@code StorageException}, {@code PersistenceException},
 * {@link SnapshotSource.TransientSourceException}): the consumer pipeline tries the whole publish again with backoff
 * (rendering is idempotent).
 */
@ApplicationScoped
public class CourseRenderService {
    private static final Logger LOG = Logger.getLogger(CourseRenderService.class);

    private final RenderStateStore state;
    private final ObjectStore store;
    private final RendererConfig config;
    private final CourseSnapshots snapshots;
    private final CourseRenderer renderer;
    private final SafeHttpFetcher assetFetcher;
    private final List<String> assetHosts;
    private final String lmsBaseUrl;
    private final Path workDir;
    private final RenderPhases phases;
    private final Timer publishTimer;

    /** Scratch folders a killed process left are removed at start ({@code StaleTempCleanup}); exports are kept. */
    @Produces
    @Singleton
    static TempArea scratchArea(RendererConfig config) {
        return new TempArea(workDir(config), List.of(Scratch.PREFIX));
    }

    /** {@code satchel.renderer.work-dir}, default {@code <java.io.tmpdir>/satchel-renderer}. */
    static Path workDir(RendererConfig config) {
        return Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir") + "/satchel-renderer"));
    }

    CourseRenderService(RenderStateStore state, ObjectStore store, RendererConfig config, LmsConfig lms,
            MeterRegistry registry) {
        this.state = state;
        this.store = store;
        this.config = config;
        this.workDir = workDir(config);
        FetchPolicy sourcePolicy = FetchPolicy.publicInternet(config.maxSourceBytes())
                .withAllowList(config.sourceUrlAllowList().orElse(List.of()));
        this.snapshots = new CourseSnapshots(new SnapshotSource(store, new SafeHttpFetcher(sourcePolicy)),
                new SafeArchiveExtractor(config.maxUnpackedBytes(), config.maxEntries()), workDir,
                config.exportRetention());
        this.assetHosts = config.assetHosts().orElse(List.of());
        this.assetFetcher = new SafeHttpFetcher(new FetchPolicy(assetHosts, false, config.maxAssetBytes(),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(2), 3));
        this.lmsBaseUrl = lms.baseUrl();
        this.renderer = new CourseRenderer(config.parallelism());
        this.phases = new RenderPhases(registry);
        this.publishTimer = Timer.builder("satchel.renderer.publish")
                .description("course.published attempts: render, manifest and state")
                .register(registry);
    }

    /** @return the course.rendered event, or empty when the publish is older than the newest rendered one */
    public Optional<CourseRendered> handle(CoursePublished event) {
        return publishTimer.record(() -> renderOnce(event));
    }

    /** One attempt, in the order a publish goes. */
    private Optional<CourseRendered> renderOnce(CoursePublished event) {
        CourseKey key = CourseSnapshots.courseKey(event);
        // the snapshot's index is read from S3 while PostgreSQL answers the stale check
        CompletableFuture<Optional<IndexedSnapshot>> index = snapshots.readIndexAhead(event, key, Background.EXECUTOR);
        Optional<PreviousState> current = phases.time(Phase.PREVIOUS,
                () -> state.previousStateUnlessStale(event.courseId(), event.publishedAt()));
        if (current.isEmpty()) {
            LOG.infof("ignoring publish %s of %s: published %s, older than the newest rendered", event.publishId(),
                    event.courseId(), Timestamps.format(event.publishedAt()));
            return Optional.empty();
        }
        PreviousState previous = current.get();
        Optional<CourseRendered> announced;
        synchronized (snapshots.lock(key)) {
            try (Scratch scratch = Scratch.in(workDir)) {
                Snapshot snapshot = phases.time(Phase.SNAPSHOT,
                        () -> snapshots.update(event, key, index, scratch.dir()));
                OlxCourse course = phases.time(Phase.OLX,
                        () -> snapshot.unchangedStructure().orElseGet(() -> OlxCourseReader.read(snapshot.root(), key)));
                CourseContext ctx = CourseContext.of(course,
                        new ExternalAssets(assetFetcher, assetHosts, scratch.dir("external")), lmsBaseUrl,
                        snapshot.hashes());
                RenderPlan plan = phases.time(Phase.PLAN, () -> renderer.plan(ctx, course, previous.blocks(),
                        snapshot.changedSince(previous.publishId())));
                RenderOutputStore output = new RenderOutputStore(store, key.courseId(), previous.blocks().values());
                RenderedBlocks rendered = phases.time(Phase.RENDER, () -> renderer.render(ctx, plan, output));
                RenderManifest manifest = new RenderManifest(key.courseId(), event.publishId(), event.publishedAt(),
                        Timestamps.now(), BlockRenderer.RENDERER_VERSION, course.displayName(), rendered.blocks(),
                        sections(course));
                // stored while PostgreSQL records the state
                CompletableFuture<Void> manifestStored = CompletableFuture.runAsync(
                        () -> phases.run(Phase.STORE, () -> output.storeManifest(manifest)), Background.EXECUTOR);
                boolean newest = phases.time(Phase.STATE, () -> record(manifest, rendered, previous, manifestStored));
                snapshots.rendered(key, event.publishId(), course, snapshot);
                announced = newest ? Optional.of(announce(manifest, rendered)) : superseded(manifest);
            }
        }
        snapshots.pruneExports(key);
        return announced;
    }

    /** Records the state in one transaction that commits only once the manifest it names is stored. */
    private boolean record(RenderManifest manifest, RenderedBlocks rendered, PreviousState previous,
            CompletableFuture<Void> manifestStored) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                boolean newest = state.record(manifest, manifestKey(manifest), rendered.dependencies(),
                        rendered.changed(), previous);
                Background.join(manifestStored); // also when not the newest: the manifest is stored either way
                return newest;
            });
        } catch (QuarkusTransactionException e) {
            throw new PersistenceException("the render state could not be committed", e); // transient: retried
        }
    }

    private static CourseRendered announce(RenderManifest manifest, RenderedBlocks rendered) {
        LOG.infof("rendered %s of %s: %d blocks, %d rendered again, %d unavailable offline", manifest.publishId(),
                manifest.courseId(), manifest.blocks().size(), rendered.renderedCount(), rendered.unavailableCount());
        return new CourseRendered(manifest.publishId(), manifest.courseId(), manifest.publishedAt(),
                manifest.renderedAt(), manifestKey(manifest), manifest.blocks().size(), rendered.renderedCount(),
                rendered.unavailableCount());
    }

    private static Optional<CourseRendered> superseded(RenderManifest manifest) {
        LOG.infof("publish %s of %s rendered, but a newer one was recorded meanwhile", manifest.publishId(),
                manifest.courseId());
        return Optional.empty();
    }

    private static String manifestKey(RenderManifest manifest) {
        return ObjectKeys.renderManifest(manifest.courseId(), manifest.publishId());
    }

    /** Chapters and the containers directly in them, in course order (deeper containers appear in block paths). */
    private static List<RenderManifest.Section> sections(OlxCourse course) {
        return course.sections().stream()
                .map(s -> new RenderManifest.Section(s.blockId(), s.type(), s.displayName(), s.path())).toList();
    }
}
