package io.satchel.renderer.service;

import io.satchel.events.RenderManifest;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.renderer.render.BlockRenderer;
import io.satchel.renderer.render.BlockRenderer.RenderedPage;
import io.satchel.renderer.render.ChangedFiles;
import io.satchel.renderer.render.CourseContext;
import io.satchel.renderer.service.RenderStateStore.PreviousBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The leaves of one course: which to render ({@link #plan}) and rendering them ({@link #render}), with bounded
 * parallelism; no persistence (pages go to a {@link PageStore}). Memory stays bounded: the export lives on disk,
 * only the pages being rendered are in memory, assets are streamed by the store.
 */
public class CourseRenderer {
    private final ExecutorService pool;
    private final BlockRenderer blockRenderer = new BlockRenderer();

    public CourseRenderer(int parallelism) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "render-block");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where rendered pages go: stores a page's files and answers their manifest entries. */
    @FunctionalInterface
    public interface PageStore {
        List<RenderManifest.File> store(RenderedPage page);
    }

    /**
     * The leaves rendered, in course order.
     *
     * @param dependencies  per block id, the lookups its content hash covers (stored with the block)
     * @param changed       blocks whose stored state differs from what this render produced
     * @param renderedCount blocks whose page was written again
     */
    public record RenderedBlocks(List<RenderManifest.Block> blocks, Map<String, List<String>> dependencies,
            Set<String> changed, int renderedCount) {

        public int unavailableCount() {
            return (int) blocks.stream().filter(b -> b.problem() != null).count();
        }
    }

    /**
     * Decides for every leaf whether it keeps its previous page: its content hash is recomputed from the lookups
     * its last rendering recorded, without rendering — or not even that when {@code changedFiles} shows none of
     * them (nor its own files) changed.
     *
     * @param previous     each block's last rendering, by block id
     * @param changedFiles the files changed since the render {@code previous} belongs to (null: unknown)
     */
    public RenderPlan plan(CourseContext ctx, OlxCourse course, Map<String, PreviousBlock> previous,
            ChangedFiles changedFiles) {
        Set<String> seen = new HashSet<>();
        List<OlxNode> leaves = course.leaves().stream().filter(l -> seen.add(l.blockId())).toList();
        return new RenderPlan(inParallel(leaves, leaf -> step(ctx, leaf, previous.get(leaf.blockId()), changedFiles)));
    }

    private RenderPlan.Step step(CourseContext ctx, OlxNode leaf, PreviousBlock previous, ChangedFiles changedFiles) {
        if (previous == null || previous.dependencies() == null) {
            return new RenderPlan.Step(leaf, previous, null);
        }
        String hash;
        if (changedFiles != null && !changedFiles.mayAffect(leaf, previous.dependencies())) {
            hash = previous.contentHash();
        } else {
            try {
                hash = blockRenderer.currentHash(ctx, leaf, previous.dependencies(), previous.problem() != null);
            } catch (RuntimeException e) {
                return new RenderPlan.Step(leaf, previous, null); // rendering it tells what is wrong
            }
        }
        if (!hash.equals(previous.contentHash())) {
            return new RenderPlan.Step(leaf, previous, null);
        }
        return new RenderPlan.Step(leaf, previous, new RenderManifest.Block(leaf.blockId(), leaf.type(),
                leaf.displayName(), leaf.path(), hash, previous.files(), previous.missingAssets(), previous.problem()));
    }

    /** Renders the leaves the plan does not keep and stores their pages; a page equal to its previous one is reused. */
    public RenderedBlocks render(CourseContext ctx, RenderPlan plan, PageStore pages) {
        List<Rendered> done = inParallel(plan.steps(), step -> step.kept() != null
                ? new Rendered(step.kept(), step.previous().dependencies(), false)
                : render(ctx, step, pages));
        List<RenderManifest.Block> blocks = new ArrayList<>();
        Map<String, List<String>> dependencies = new java.util.HashMap<>();
        Set<String> changed = new HashSet<>();
        int written = 0;
        for (int i = 0; i < done.size(); i++) {
            Rendered r = done.get(i);
            PreviousBlock previous = plan.steps().get(i).previous();
            blocks.add(r.block());
            dependencies.put(r.block().blockId(), r.dependencies());
            written += r.written() ? 1 : 0;
            if (previous == null || previous.dependencies() == null
                    || !previous.contentHash().equals(r.block().contentHash())
                    || !Objects.equals(previous.problem(), r.block().problem())) {
                changed.add(r.block().blockId());
            }
        }
        return new RenderedBlocks(List.copyOf(blocks), Map.copyOf(dependencies), Set.copyOf(changed), written);
    }

    private record Rendered(RenderManifest.Block block, List<String> dependencies, boolean written) {
    }

    private Rendered render(CourseContext ctx, RenderPlan.Step step, PageStore pages) {
        OlxNode leaf = step.leaf();
        RenderedPage page = blockRenderer.render(ctx, leaf);
        PreviousBlock previous = step.previous();
        boolean same = previous != null && previous.contentHash().equals(page.contentHash());
        // the stored files of this very version serve again
        List<RenderManifest.File> files = same ? previous.files() : pages.store(page);
        return new Rendered(new RenderManifest.Block(leaf.blockId(), leaf.type(), leaf.displayName(), leaf.path(),
                page.contentHash(), files, page.missingAssets(), page.problem()),
                List.copyOf(new TreeSet<>(page.dependencies())), !same);
    }

    private <T, R> List<R> inParallel(List<T> items, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(true)); // after a failure: the rest is not needed
        }
    }
}
