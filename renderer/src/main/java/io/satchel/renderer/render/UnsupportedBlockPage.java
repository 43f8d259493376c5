package io.satchel.renderer.render;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Every type that cannot work offline: a page that says so and links to the block in the LMS. */
public final class UnsupportedBlockPage implements BlockPageRenderer {

    @Override
    public void render(PageBuilder page, org.w3c.dom.Element definition, Document doc) {
        Element notice = PageTemplate.main(doc).appendElement("div").addClass("satchel-notice").attr("role", "note");
        notice.appendElement("p").text("This " + describe(page.block().type()) + " is not available offline.");
        Element p = notice.appendElement("p");
        p.appendElement("a").attr("href", page.ctx().onlineBlockUrl(page.block().blockId()))
                .text("Open it in the online course");
        p.appendText(" when you are connected.");
    }

    static String describe(String type) {
        return switch (type) {
            case "discussion" -> "discussion";
            case "drag-and-drop-v2" -> "drag-and-drop exercise";
            case "lti", "lti_consumer" -> "external tool (LTI)";
            case "openassessment" -> "open response assessment";
            case "poll" -> "poll";
            case "survey" -> "survey";
            case "library_content" -> "randomized content";
            case "annotatable" -> "annotation exercise";
            default -> "content (" + type + ")";
        };
    }
}
