package io.satchel.renderer.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Element;

/**
 * MathJax 3.2.2 from the webjar, copied into pages that contain math ({@code \( \)}, {@code \[ \]}, {@code $$},
 * {@code <math>}). The page loads {@code mathjax/tex-mml-chtml.js}; the files that component loads lazily are bundled
 * too (listed in {@code satchel/mathjax-files.txt}): every TeX extension autoload may request, the MathML entity
 * table, the assistive-MathML a11y component the menu loads at start-up, and the woff-v2 fonts the CHTML output's
 * CSS names. The loader and font paths are configured relative to the page. The explorer (which would need the
 * speech-rule engine) is switched off.
 */
public final class MathJaxBundle {
    public static final String WEBJAR = "META-INF/resources/webjars/mathjax/3.2.2/es5/";
    public static final String DIR = "mathjax/";
    public static final String MAIN = "tex-mml-chtml.js";
    private static final List<String> FILES = load();

    private static List<String> load() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(PageBuilder.open("satchel/mathjax-files.txt"),
                StandardCharsets.UTF_8))) {
            return r.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files inside {@link #DIR} (relative to the webjar's es5 folder). */
    public static List<String> files() {
        return FILES;
    }

    public static boolean containsMath(String html) {
        return html.contains("\\(") || html.contains("\\[") || html.contains("$$")
                || html.toLowerCase(Locale.ROOT).contains("<math");
    }

    /** Adds the bundle to the page and the config + loader script to the head (page at the zip root). */
    public static void addTo(PageBuilder page, Element head) {
        for (String f : FILES) {
            page.resource(DIR + f, WEBJAR + f);
        }
        head.appendElement("script").appendChild(new org.jsoup.nodes.DataNode("""
                window.MathJax = {
                  loader: {paths: {mathjax: 'mathjax'}},
                  tex: {inlineMath: [['\\\\(', '\\\\)']], displayMath: [['\\\\[', '\\\\]'], ['$$', '$$']]},
                  chtml: {fontURL: 'mathjax/output/chtml/fonts/woff-v2'},
                  options: {menuOptions: {settings: {explorer: false, assistiveMml: true}}}
                };"""));
        head.appendElement("script").attr("src", DIR + MAIN).attr("defer", true);
    }

    private MathJaxBundle() {
    }
}
