package io.satchel.renderer.render;

import io.satchel.common.storage.StorageException;
import io.satchel.events.RenderManifest;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.olx.OlxNode;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jsoup.nodes.Document;

/**
 * Renders one leaf block into its page files (in memory: index.html and small generated files; assets by path).
 * A block whose own content cannot be prepared — the reader found its definition unreadable, or rendering it threw —
 * gets the {@link UnavailablePage} instead, with its {@link RenderManifest.Problem}: one bad block never fails the
 * course. Only a storage failure (transient: the publish is retried) is thrown on.
 */
public final class BlockRenderer {
    private static final Logger LOG = Logger.getLogger(BlockRenderer.class);

    /**
     * Part of every content hash: bump it whenever a change to the renderer changes its output, so every block is
     * rendered again on the next publish.
     */
    public static final String RENDERER_VERSION = "2";

    /**
     * The page of one block: its files, what stays online, its content hash and the lookups that hash covers.
     *
     * @param problem why the block could not be prepared offline (its page says so), or null
     */
    public record RenderedPage(OlxNode block, List<PageFile> files, List<String> missingAssets, String contentHash,
            Set<String> dependencies, RenderManifest.Problem problem) {
    }

    public RenderedPage render(CourseContext ctx, OlxNode block) {
        if (block.problem() != null) {
            return unavailable(ctx, block, block.problem(), Set.of());
        }
        PageBuilder page = null;
        try {
            org.w3c.dom.Element definition = block.definition();
            String html = block.type().equals("html") ? HtmlPage.content(ctx, block, definition) : null;
            page = new PageBuilder(ctx, block, html);
            Document doc = PageTemplate.create(page);
            rendererFor(block.type()).render(page, definition, doc);
            PageTemplate.finish(page, doc);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            RenderManifest.Problem problem = problemOf(e);
            LOG.warnf("%s could not be rendered, offered as unavailable (%s): %s", block.blockId(), problem.code(),
                    problem.message());
            // what it looked up before failing is what the failure depends on: the next publish renders it again
            // only when one of those (or its own source) changed
            return unavailable(ctx, block, problem, page == null ? Set.of() : page.dependencies());
        }
        Set<String> deps = page.dependencies();
        return new RenderedPage(block, page.files(), page.missingAssets(), ContentHash.of(ctx, block, deps, false),
                deps, null);
    }

    /**
     * The content hash the block would have now if it depends on the same lookups as last time, computed without
     * rendering: equal to the stored hash ⇔ the page would come out the same.
     *
     * @param unavailable whether the stored page was the unavailable page (its problem recorded with it)
     */
    public String currentHash(CourseContext ctx, OlxNode block, Collection<String> previousDependencies,
            boolean unavailable) {
        return ContentHash.of(ctx, block, previousDependencies, unavailable || block.problem() != null);
    }

    private static RenderedPage unavailable(CourseContext ctx, OlxNode block, RenderManifest.Problem problem,
            Set<String> dependencies) {
        PageBuilder page = new PageBuilder(ctx, block, null);
        Document doc = PageTemplate.create(page);
        UnavailablePage.render(page, doc);
        PageTemplate.finish(page, doc);
        return new RenderedPage(block, page.files(), List.of(), ContentHash.of(ctx, block, dependencies, true),
                dependencies, problem);
    }

    static RenderManifest.Problem problemOf(Throwable e) {
        if (e instanceof InvalidCourseException invalid) {
            return new RenderManifest.Problem(invalid.code(), invalid.getMessage());
        }
        return new RenderManifest.Problem("RENDER_FAILED", "its page could not be rendered: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    static BlockPageRenderer rendererFor(String type) {
        return switch (type) {
            case "html" -> new HtmlPage();
            case "problem" -> new ProblemPage();
            case "video" -> new VideoPage();
            default -> new UnsupportedBlockPage();
        };
    }
}
