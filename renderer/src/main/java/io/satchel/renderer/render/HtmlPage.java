package io.satchel.renderer.render;

import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.olx.SecureXml;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** An html block: its HTML (from {@code html/NAME.html} in pointer form, or inline) with every asset localized. */
public final class HtmlPage implements BlockPageRenderer {

    @Override
    public void render(PageBuilder page, org.w3c.dom.Element definition, Document doc) {
        String html = page.htmlContent();
        Document content = Jsoup.parse(html);
        AssetLocalizer localizer = new AssetLocalizer(page);
        // Styles and scripts the author put before the content (the parser puts them in <head>) still apply;
        // they are localized like the body.
        for (Element headChild : content.head().children()) {
            if (headChild.normalName().equals("style") || headChild.normalName().equals("script")
                    || (headChild.normalName().equals("link")
                    && headChild.attr("rel").toLowerCase().contains("stylesheet"))) {
                localizer.localizeHtml(headChild, "index.html", "");
                doc.head().appendChild(headChild.clone());
            }
        }
        Element main = PageTemplate.main(doc);
        Element body = content.body();
        localizer.localizeHtml(body, "index.html", "");
        for (org.jsoup.nodes.Node n : List.copyOf(body.childNodes())) {
            main.appendChild(n);
        }
    }

    /**
     * The HTML text of the block: the file named by {@code filename} (see {@link #file}), else inline (then
     * {@code def}, the parsed definition, is needed).
     */
    static String content(CourseContext ctx, io.satchel.renderer.olx.OlxNode block, org.w3c.dom.Element def) {
        String filename = block.htmlFilename();
        if (filename == null) {
            return SecureXml.innerXml(def != null ? def : block.definition());
        }
        Path p = file(ctx, block).orElseThrow(() -> new InvalidCourseException("MISSING_FILE",
                "html/" + filename + (filename.endsWith(".html") ? "" : ".html") + " does not exist"));
        return AssetLocalizer.read(p);
    }

    /**
     * The file an html block's {@code filename} names inside {@code html/} (with or without .html, ':' as '/'),
     * or empty when there is none (or it would lie outside html/).
     */
    static Optional<Path> file(CourseContext ctx, io.satchel.renderer.olx.OlxNode block) {
        String filename = block.htmlFilename();
        if (filename == null) {
            return Optional.empty();
        }
        Path htmlDir = ctx.course().root().resolve("html").normalize();
        for (String name : fileNames(filename)) {
            try {
                Path p = htmlDir.resolve(name).normalize();
                if (p.startsWith(htmlDir) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(p);
                }
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The names inside html/ a {@code filename} attribute may mean, in the order they are tried. */
    static List<String> fileNames(String filename) {
        return List.of(filename, filename + ".html", filename.replace(':', '/'), filename.replace(':', '/') + ".html");
    }
}
