package io.satchel.renderer.service;

import io.satchel.common.http.FetchPolicy;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.Timestamps;
import io.satchel.renderer.config.LmsConfig;
import io.satchel.renderer.config.RendererConfig;
import io.satchel.renderer.source.SafeArchiveExtractor;
import io.satchel.renderer.source.SnapshotSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The renderer's data flow for one course.published event: skip it when a newer publish was already rendered →
 * render (snapshot → pages → S3 → manifest, {@link CourseRenderer}) → record the state in PostgreSQL → hand back the
 * course.rendered event. S3, database and source failures are thrown ({@code StorageException},
 * {@code PersistenceException}, {@link SnapshotSource.TransientSourceException}): the consumer pipeline tries the whole
 * publish again with backoff (rendering is idempotent).
 */
@ApplicationScoped
public class CourseRenderService {
    private static final Logger LOG = Logger.getLogger(CourseRenderService.class);

    private final RenderStateStore state;
    private final CourseRenderer renderer;

    private final Timer publishTimer;

    CourseRenderService(RenderStateStore state, ObjectStore store, RendererConfig config, LmsConfig lms,
            MeterRegistry registry) {
        this.state = state;
        this.publishTimer = Timer.builder("satchel.renderer.publish")
                .description("course.published attempts: render, manifest and state")
                .register(registry);
        FetchPolicy sourcePolicy = FetchPolicy.publicInternet(config.maxSourceBytes())
                .withAllowList(config.sourceUrlAllowList().orElse(List.of()));
        List<String> assetHosts = config.assetHosts().orElse(List.of());
        FetchPolicy assetPolicy = new FetchPolicy(assetHosts, false, config.maxAssetBytes(), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 3);
        Path workDir = Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir") + "/satchel-renderer"));
        this.renderer = new CourseRenderer(store, new SnapshotSource(store, new SafeHttpFetcher(sourcePolicy)),
                new SafeArchiveExtractor(config.maxUnpackedBytes(), config.maxEntries()),
                new SafeHttpFetcher(assetPolicy), assetHosts, lms.baseUrl(), config.parallelism(), workDir, config.exportRetention());
    }

    /** @return the course.rendered event, or empty when the publish is older than the newest rendered one */
    public Optional<CourseRendered> handle(CoursePublished event) {
        return publishTimer.record(() -> renderOnce(event));
    }

    private Optional<CourseRendered> renderOnce(CoursePublished event) {
        long t0 = System.nanoTime();
        // the snapshot's index is read (S3) while the state is read (PostgreSQL)
        CourseRenderer.IndexPrefetch index = renderer.prefetchIndex(event);
        Optional<RenderStateStore.PreviousState> current = state.previousStateUnlessStale(event.courseId(),
                event.publishedAt());
        if (current.isEmpty()) {
            LOG.infof("ignoring publish %s of %s: published %s, older than the newest rendered", event.publishId(),
                    event.courseId(), Timestamps.format(event.publishedAt()));
            return Optional.empty();
        }
        RenderStateStore.PreviousState previous = current.get();
        long t1 = System.nanoTime();
        CourseRenderer.Result result = renderer.render(event, previous.blocks(), previous.publishId(), index);
        long t2 = System.nanoTime();
        long[] waited = {0};
        Runnable awaitManifest = () -> {
            long t = System.nanoTime();
            result.awaitManifest();
            waited[0] += System.nanoTime() - t;
        };
        boolean recorded = state.record(result.manifest(), result.manifestKey(), result.dependencies(),
                result.changedBlocks(), previous, awaitManifest);
        awaitManifest.run(); // also when nothing was recorded: the manifest is stored either way
        LOG.infof("%s %s: stale check and previous state %d ms, render %d ms, state update %d ms (%d rows, %d ms"
                + " of it waiting for the manifest upload)", event.courseId(), event.publishId(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000, result.changedBlocks().size(), waited[0] / 1_000_000);
        if (!recorded) {
            LOG.infof("publish %s of %s rendered, but a newer one was recorded meanwhile", event.publishId(),
                    event.courseId());
            return Optional.empty();
        }
        var m = result.manifest();
        LOG.infof("rendered %s of %s: %d blocks, %d rendered again", event.publishId(), event.courseId(),
                m.blocks().size(), result.renderedBlockCount());
        return Optional.of(new CourseRendered(event.publishId(), event.courseId(), event.publishedAt(),
                m.renderedAt(), result.manifestKey(), m.blocks().size(), result.renderedBlockCount(), 0));
    }
}
