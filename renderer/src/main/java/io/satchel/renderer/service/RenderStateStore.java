package io.satchel.renderer.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.satchel.events.EventJson;
import io.satchel.events.RenderManifest;
import io.satchel.renderer.entity.BlockRenderState;
import io.satchel.renderer.entity.CourseRenderState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Per-course render state in PostgreSQL: the newest publish rendered and each block's last version. */
@ApplicationScoped
public class RenderStateStore {
    private static final TypeReference<List<RenderManifest.File>> FILES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<RenderManifest.Problem> PROBLEM = new TypeReference<>() {
    };

    /**
     * A block's previous rendering.
     *
     * @param problem why its page was the unavailable page (null: it rendered)
     */
    public record PreviousBlock(String contentHash, List<RenderManifest.File> files, List<String> missingAssets,
            List<String> dependencies, RenderManifest.Problem problem) {
    }

    /**
     * What this instance last recorded per course (a few courses, least recently used dropped), tagged with the
     * publish it belongs to. Reading and parsing every block's row costs more than the rest of a one-block republish,
     * so it is reused while the database still names that publish as the course's newest (then its rows are exactly
     * these); any other publish recorded meanwhile (another instance, a failed commit) makes it read the rows again.
     */
    private final Map<String, Recorded> recorded = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
                    return size() > 16;
                }
            });

    private record Recorded(String publishId, Map<String, PreviousBlock> blocks) {
    }

    /**
     * The course's rendered state: the newest publish recorded (null: never rendered) and each block's last version.
     */
    public record PreviousState(String publishId, Map<String, PreviousBlock> blocks) {
    }

    /**
     * The course's rendered state in one transaction with the stale check: empty when a publish newer than
     * {@code publishedAt} was already rendered (then no block row is read).
     */
    @Transactional
    public Optional<PreviousState> previousStateUnlessStale(String courseId, Instant publishedAt) {
        Optional<CourseRenderState> course = CourseRenderState.findByIdOptional(courseId);
        if (course.isPresent() && publishedAt.isBefore(course.get().newestPublishedAt)) {
            return Optional.empty();
        }
        return Optional.of(previousState(course, courseId));
    }

    private PreviousState previousState(Optional<CourseRenderState> course, String courseId) {
        String newest = course.map(s -> s.publishId).orElse(null);
        Recorded mine = recorded.get(courseId);
        if (mine != null && mine.publishId().equals(newest)) {
            return new PreviousState(newest, mine.blocks());
        }
        Map<String, PreviousBlock> out = new HashMap<>();
        for (BlockRenderState b : BlockRenderState.<BlockRenderState>list("courseId", courseId)) {
            out.put(b.blockId, new PreviousBlock(b.contentHash, parse(b.files, FILES), parse(b.missingAssets, STRINGS),
                    b.dependencies == null ? null : parse(b.dependencies, STRINGS),
                    b.problem == null ? null : parse(b.problem, PROBLEM)));
        }
        return new PreviousState(newest, out);
    }

    /**
     * Records a finished render: the course's newest publish and the rows of the blocks that changed. Returns false
     * (and changes nothing) when a newer publish was recorded meanwhile. Joins the caller's transaction, so the
     * caller decides when it commits (the service: once the render manifest it names is stored).
     *
     * @param dependencies per block, the lookups its content hash covers
     * @param changed      blocks whose stored row differs from what this render produced
     * @param previous     the state the render started from (null: unknown)
     */
    @Transactional
    public boolean record(RenderManifest manifest, String manifestKey, Map<String, List<String>> dependencies,
            Set<String> changed, PreviousState previous) {
        CourseRenderState course = CourseRenderState.findById(manifest.courseId());
        if (course != null && manifest.publishedAt().isBefore(course.newestPublishedAt)) {
            return false;
        }
        // rows and course state are written together, so the rows still are `previous` while it names this publish
        boolean rowsKnown = course != null && previous != null && course.publishId.equals(previous.publishId());
        if (course == null) {
            course = new CourseRenderState();
            course.courseId = manifest.courseId();
        }
        course.newestPublishedAt = manifest.publishedAt();
        course.publishId = manifest.publishId();
        course.manifestKey = manifestKey;
        course.renderedAt = manifest.renderedAt();
        course.persist();

        // Only rows that change are touched: a one-block republish writes one row.
        List<String> live = manifest.blocks().stream().map(RenderManifest.Block::blockId).toList();
        if (rowsKnown) {
            // usually nothing: no statement at all for a republish that removed no block
            java.util.Set<String> removed = new java.util.HashSet<>(previous.blocks().keySet());
            live.forEach(removed::remove);
            if (!removed.isEmpty()) {
                BlockRenderState.delete("courseId = ?1 and blockId in ?2", manifest.courseId(), List.copyOf(removed));
            }
        } else {
            BlockRenderState.delete("courseId = ?1 and blockId not in ?2", manifest.courseId(), live);
        }
        for (RenderManifest.Block block : manifest.blocks()) {
            if (!changed.contains(block.blockId())) {
                continue;
            }
            BlockRenderState b = BlockRenderState.findById(new BlockRenderState.Key(manifest.courseId(),
                    block.blockId()));
            if (b == null) {
                b = new BlockRenderState();
                b.courseId = manifest.courseId();
                b.blockId = block.blockId();
            }
            b.contentHash = block.contentHash();
            b.files = EventJson.toString(block.files());
            b.missingAssets = EventJson.toString(block.missingAssets() == null ? List.of() : block.missingAssets());
            List<String> deps = dependencies.get(block.blockId());
            b.dependencies = deps == null ? null : EventJson.toString(deps);
            b.problem = block.problem() == null ? null : EventJson.toString(block.problem());
            b.persist();
        }
        // written now, so a database failure surfaces here (PersistenceException: retried) rather than at commit
        CourseRenderState.flush();
        // what the rows now hold; trusted only while the database still names this publish (see previousState)
        Map<String, PreviousBlock> now = new HashMap<>();
        for (RenderManifest.Block block : manifest.blocks()) {
            List<String> deps = dependencies.get(block.blockId());
            now.put(block.blockId(), new PreviousBlock(block.contentHash(), block.files(),
                    block.missingAssets() == null ? List.of() : block.missingAssets(),
                    deps == null ? null : List.copyOf(deps), block.problem()));
        }
        recorded.put(manifest.courseId(), new Recorded(manifest.publishId(), Map.copyOf(now)));
        return true;
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
