package io.satchel.renderer.render;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** The offline page around a block's content: language, title, the offline stylesheet, MathJax when needed. */
public final class PageTemplate {
    public static final String STYLESHEET = "satchel.css";

    /** A new page with an empty {@code <main>} to fill. */
    public static Document create(PageBuilder page) {
        Document doc = Document.createShell("");
        doc.outputSettings().prettyPrint(false);
        doc.selectFirst("html").attr("lang", page.ctx().course().language());
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(page.block().displayName());
        head.appendElement("link").attr("rel", "stylesheet").attr("href", STYLESHEET);
        Element main = doc.body().appendElement("main").attr("id", "content")
                .addClass("satchel-block").addClass("satchel-" + page.block().type().replaceAll("[^A-Za-z0-9_-]", "_"))
                .attr("data-block-id", page.block().blockId()).attr("data-course-id", page.ctx().courseId());
        main.appendElement("h1").text(page.block().displayName());
        return doc;
    }

    public static Element main(Document doc) {
        return doc.getElementById("content");
    }

    /** Adds the stylesheet, MathJax when the content has math, satchel.json when assets are missing; writes index.html. */
    public static void finish(PageBuilder page, Document doc) {
        page.resource(STYLESHEET, "satchel/satchel.css");
        if (MathJaxBundle.containsMath(main(doc).html())) {
            MathJaxBundle.addTo(page, doc.head());
        }
        if (!page.missingAssets().isEmpty()) {
            page.generated("satchel.json", io.satchel.events.EventJson.toBytes(
                    java.util.Map.of("missingAssets", page.missingAssets())));
        }
        page.generated("index.html", "<!DOCTYPE html>\n" + doc.html());
    }

    private PageTemplate() {
    }
}
