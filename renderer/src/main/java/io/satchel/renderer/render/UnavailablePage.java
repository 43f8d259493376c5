package io.satchel.renderer.render;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The page of a block whose own content could not be prepared offline (malformed definition, a file it names is
 * missing, rendering failed): it says so in plain words and links to the block in the LMS. It depends only on the
 * block's id, name and the LMS, so the same source gives the same bytes on every publish.
 */
final class UnavailablePage {

    static void render(PageBuilder page, Document doc) {
        Element notice = PageTemplate.main(doc).appendElement("div").addClass("satchel-notice")
                .addClass("satchel-unavailable").attr("role", "note");
        notice.appendElement("p").text("This content could not be prepared for offline use.");
        Element p = notice.appendElement("p");
        p.appendElement("a").attr("href", page.ctx().onlineBlockUrl(page.block().blockId()))
                .text("Open it in the online course");
        p.appendText(" when you are connected.");
    }

    private UnavailablePage() {
    }
}
