package io.satchel.renderer.render;

import org.jsoup.nodes.Document;

/** Fills the page of one block type. */
public interface BlockPageRenderer {
    /**
     * @param page       collects files and missing assets
     * @param definition the block's resolved OLX element
     * @param doc        the page, whose {@code <main>} ({@link PageTemplate#main}) receives the content
     */
    void render(PageBuilder page, org.w3c.dom.Element definition, Document doc);
}
