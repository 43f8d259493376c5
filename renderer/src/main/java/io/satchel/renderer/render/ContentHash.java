package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The content hash of a block: sha256 over the renderer version and configuration, the block's OLX (definition and,
 * for html, its HTML file, by their bytes), its name, whether it is the unavailable page (and the reader's problem), and everything its page looked up while rendering — each course file it used
 * (by its bytes' hash; transitively through CSS and iframes), each file it looked for and did not find, each block
 * page it linked to, each external URL. The renderer is deterministic, so an equal hash means an equal page.
 *
 * <p>The lookups are recorded at render time ({@link PageBuilder}) and stored with the block; on the next publish the
 * hash is computed again from the stored lookups against the new export, without rendering. Only when it differs is
 * the block rendered (and its lookups recorded) again.
 */
public final class ContentHash {
    static final String ASSET = "a:";
    static final String STATIC = "s:";
    static final String PAGE = "p:";
    static final String EXTERNAL = "x:";

    /**
     * @param unavailable whether the page is the {@link UnavailablePage} (never equal to a rendered page's hash)
     */
    public static String of(CourseContext ctx, OlxNode block, Collection<String> dependencies, boolean unavailable) {
        MessageDigest md = Digests.sha256();
        line(md, "satchel-renderer " + BlockRenderer.RENDERER_VERSION);
        line(md, ctx.lmsBaseUrl());
        line(md, ctx.course().language());
        line(md, block.blockId());
        line(md, block.type());
        line(md, block.displayName());
        if (block.problem() != null) {
            line(md, "problem " + block.problem().code() + " " + block.problem().message());
        }
        if (unavailable) {
            line(md, "unavailable");
        }
        line(md, source(ctx, block));
        for (String dep : new TreeSet<>(dependencies)) {
            line(md, dep + "=" + resolve(ctx, dep));
        }
        return Digests.hex(md.digest());
    }

    /**
     * The block's own source, by its bytes: the definition (its file, or its XML inside the parent) and, for html,
     * the HTML file it names. Never throws: an unreadable or missing file is part of the source as such.
     */
    private static String source(CourseContext ctx, OlxNode block) {
        StringBuilder sb = new StringBuilder("source ");
        if (block.definitionFile() != null) {
            sb.append(fileHash(block.definitionFile()));
        } else {
            String inline = block.sourceText();
            sb.append(Digests.sha256((inline == null ? "" : inline).getBytes(StandardCharsets.UTF_8)));
        }
        if (block.type().equals("html") && block.htmlFilename() != null) {
            sb.append(" html ").append(HtmlPage.file(ctx, block).map(ContentHash::fileHash).orElse("missing"));
        }
        return sb.toString();
    }

    private static String fileHash(java.nio.file.Path file) {
        try {
            return Digests.sha256(file);
        } catch (java.io.UncheckedIOException e) {
            return "unreadable";
        }
    }

    private static String resolve(CourseContext ctx, String dep) {
        String name = dep.substring(2);
        return switch (dep.substring(0, 2)) {
            case ASSET -> file(ctx, ctx.files().assetByKeyName(name));
            case STATIC -> file(ctx, ctx.files().staticFile(name));
            case PAGE -> ctx.course().pageOf(name).orElse("-");
            case EXTERNAL -> ctx.external().allowed(name) ? "allowed" : "online";
            default -> "?";
        };
    }

    private static String file(CourseContext ctx, Optional<java.nio.file.Path> file) {
        return file.map(p -> ctx.files().relative(p) + " " + ctx.files().sha256(p)).orElse("-");
    }

    private static void line(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    private ContentHash() {
    }
}
