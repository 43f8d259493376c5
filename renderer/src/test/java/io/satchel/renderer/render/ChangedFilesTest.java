package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.renderer.olx.OlxNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which blocks a content-only change can affect (the others keep their hash without hashing again). */
class ChangedFilesTest {
    static final Path ROOT = Path.of("/export/course").toAbsolutePath();

    static OlxNode html(String urlName, String filename) {
        return new OlxNode("html", urlName, "block-v1:O+C+R+type@html+block@" + urlName, urlName, List.of(),
                ROOT.resolve("html/" + urlName + ".xml"), null, filename);
    }

    static ChangedFiles changed(String... relative) {
        return new ChangedFiles(ROOT, java.util.Arrays.stream(relative).map(r -> ROOT.resolve(r).normalize()).toList());
    }

    @Test
    void theBlocksOwnHtmlFileInAnyOfItsNameForms() {
        assertTrue(changed("html/intro.html").mayAffect(html("a", "intro"), List.of()));
        assertTrue(changed("html/intro.html").mayAffect(html("a", "intro.html"), List.of()));
        assertTrue(changed("html/sub/intro.html").mayAffect(html("a", "sub:intro"), List.of()));
        assertFalse(changed("html/other.html").mayAffect(html("a", "intro"), List.of()));
    }

    @Test
    void staticLookupsByExactPath() {
        ChangedFiles c = changed("static/images/a b.png");
        assertTrue(c.mayAffect(html("a", null), List.of("s:images/a b.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("s:/images/a b.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("s:images/x/../a b.png")));
        assertFalse(c.mayAffect(html("a", null), List.of("s:images/a_b.png", "s:images/other.png")));
    }

    @Test
    void assetKeyLookupsByEveryLooseNameStudioUses() {
        ChangedFiles c = changed("static/images/a b.png");
        assertTrue(c.mayAffect(html("a", null), List.of("a:images/a b.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("a:images_a_b.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("a:a_b.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("a:a b.png")));
        assertFalse(c.mayAffect(html("a", null), List.of("a:images_c.png")));
    }

    @Test
    void pagesAndExternalUrlsDoNotDependOnFilesButUnknownLookupsCount() {
        ChangedFiles c = changed("static/style.css");
        assertFalse(c.mayAffect(html("a", null), List.of("p:intro", "x:https://cdn.example/x.png")));
        assertTrue(c.mayAffect(html("a", null), List.of("z:anything")));
        assertTrue(changed("html/a.xml").mayAffect(html("a", null), List.of()), "its own definition file");
    }
}
