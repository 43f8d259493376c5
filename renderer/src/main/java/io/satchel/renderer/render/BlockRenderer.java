package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.util.List;
import org.jsoup.nodes.Document;

/** Renders one leaf block into its page files (in memory: index.html and small generated files; assets by path). */
public final class BlockRenderer {
    /**
     * Part of every content hash: bump it whenever a change to the renderer changes its output, so every block is
     * rendered again on the next publish.
     */
    public static final String RENDERER_VERSION = "1";

    /** The page of one block: its files, the references that stay online, and its content hash. */
    public record RenderedPage(OlxNode block, List<PageFile> files, List<String> missingAssets, String contentHash) {
    }

    public RenderedPage render(CourseContext ctx, OlxNode block) {
        PageBuilder page = new PageBuilder(ctx, block);
        Document doc = PageTemplate.create(page);
        org.w3c.dom.Element definition = block.definition();
        rendererFor(block.type()).render(page, definition, doc);
        PageTemplate.finish(page, doc);
        return new RenderedPage(block, page.files(), page.missingAssets(),
                page.contentHash(RENDERER_VERSION + " " + ctx.lmsBaseUrl()));
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
