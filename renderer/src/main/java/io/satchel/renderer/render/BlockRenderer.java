package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;

/** Renders one leaf block into its page files (in memory: index.html and small generated files; assets by path). */
public final class BlockRenderer {
    /**
     * Part of every content hash: bump it whenever a change to the renderer changes its output, so every block is
     * rendered again on the next publish.
     */
    public static final String RENDERER_VERSION = "1";

    /** The page of one block: its files, what stays online, its content hash and the lookups that hash covers. */
    public record RenderedPage(OlxNode block, List<PageFile> files, List<String> missingAssets, String contentHash,
            Set<String> dependencies) {
    }

    public RenderedPage render(CourseContext ctx, OlxNode block) {
        org.w3c.dom.Element definition = block.definition();
        String html = block.type().equals("html") ? HtmlPage.content(ctx, block, definition) : null;
        PageBuilder page = new PageBuilder(ctx, block, html);
        Document doc = PageTemplate.create(page);
        rendererFor(block.type()).render(page, definition, doc);
        PageTemplate.finish(page, doc);
        Set<String> deps = page.dependencies();
        return new RenderedPage(block, page.files(), page.missingAssets(),
                ContentHash.of(ctx, block, olxText(block, html), deps), deps);
    }

    /**
     * The content hash the block would have now if it depends on the same lookups as last time, computed without
     * rendering: equal to the stored hash ⇔ the page would come out the same.
     */
    public String currentHash(CourseContext ctx, OlxNode block, Collection<String> previousDependencies) {
        String html = block.type().equals("html") ? HtmlPage.content(ctx, block, null) : null;
        return ContentHash.of(ctx, block, olxText(block, html), previousDependencies);
    }

    private static String olxText(OlxNode block, String html) {
        return html == null ? block.sourceText() : block.sourceText() + "\n" + html;
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
