package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The files MathJax loads lazily are in the bundle, so a page with math works without a network. */
class MathJaxBundleTest {

    @Test
    void everyListedFileIsOnTheClasspath() throws Exception {
        for (String f : MathJaxBundle.files()) {
            try (InputStream in = PageBuilder.open(MathJaxBundle.WEBJAR + f)) {
                assertTrue(in.read() >= 0, f);
            }
        }
    }

    @Test
    void fontsAndTexExtensionsTheMainComponentNamesAreBundled() throws Exception {
        String main;
        try (InputStream in = PageBuilder.open(MathJaxBundle.WEBJAR + MathJaxBundle.MAIN)) {
            main = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> bundled = new HashSet<>(MathJaxBundle.files());
        Matcher fonts = Pattern.compile("(MathJax_[A-Za-z0-9-]+\\.woff)").matcher(main);
        int n = 0;
        while (fonts.find()) {
            assertTrue(bundled.contains("output/chtml/fonts/woff-v2/" + fonts.group(1)), fonts.group(1));
            n++;
        }
        assertTrue(n >= 20, "fonts named by tex-mml-chtml.js: " + n);
        // autoload requests "[tex]/name" → input/tex/extensions/name.js (camel-case spellings are aliases)
        Matcher ext = Pattern.compile("\"\\[tex\\]/([a-z0-9-]+)\"").matcher(main);
        int e = 0;
        while (ext.find()) {
            assertTrue(bundled.contains("input/tex/extensions/" + ext.group(1) + ".js"), ext.group(1));
            e++;
        }
        assertTrue(e >= 30, "extensions: " + e);
        assertTrue(bundled.contains("a11y/assistive-mml.js"), "the menu loads assistive MathML at start-up");
        assertTrue(bundled.contains("input/mml/entities.js"));
    }
}
