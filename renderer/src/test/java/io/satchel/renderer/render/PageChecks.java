package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Test helper: checks a page is self-contained. Every local reference of index.html, of the CSS files and of the
 * HTML files it includes must resolve to one of the page's files; no LMS-relative form may remain; links to other
 * blocks must name a block of the course.
 */
public final class PageChecks {
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*[\"']?([^\"')]*)[\"']?\\s*\\)");
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+[\"']([^\"']*)[\"']");
    static final List<String> LMS_FORMS = List.of("/static/", "/asset-v1:", "/c4x/", "/assets/courseware/");

    /**
     * @param files       path in zip → bytes
     * @param blockIds    every leaf block id of the course (targets of ../segment/index.html)
     */
    public static void assertSelfContained(String label, Map<String, byte[]> files, Set<String> blockIds) {
        assertTrue(files.containsKey("index.html"), label + ": no index.html");
        List<String> checked = new ArrayList<>();
        for (var f : files.entrySet()) {
            String path = f.getKey();
            String lower = path.toLowerCase(Locale.ROOT);
            String text = new String(f.getValue(), StandardCharsets.UTF_8);
            if (lower.endsWith(".html") || lower.endsWith(".htm")) {
                Document doc = Jsoup.parse(text);
                for (Element el : doc.getAllElements()) {
                    for (org.jsoup.nodes.Attribute a : el.attributes()) {
                        for (String form : LMS_FORMS) {
                            assertFalse(a.getValue().trim().startsWith(form), label + ": " + path + " keeps "
                                    + a.getKey() + "=\"" + a.getValue() + "\"");
                        }
                    }
                }
                for (String ref : htmlRefs(doc)) {
                    check(label, path, ref, files, blockIds, checked);
                }
            } else if (lower.endsWith(".css")) {
                for (String ref : cssRefs(text)) {
                    check(label, path, ref, files, blockIds, checked);
                }
            }
        }
    }

    static List<String> htmlRefs(Document doc) {
        List<String> refs = new ArrayList<>();
        for (Element el : doc.select("[src],[href],[poster],[data],[srcset],[style],[background]")) {
            for (String a : List.of("src", "href", "poster", "data", "background")) {
                if (el.hasAttr(a) && !(a.equals("href") && el.normalName().equals("a") && isPageLink(el.attr(a)))) {
                    refs.add(el.attr(a));
                }
            }
            if (el.hasAttr("srcset")) {
                for (String c : el.attr("srcset").split(",")) {
                    refs.add(c.trim().split("\\s+")[0]);
                }
            }
            if (el.hasAttr("style")) {
                refs.addAll(cssRefs(el.attr("style")));
            }
        }
        for (Element a : doc.select("a[href]")) {
            if (isPageLink(a.attr("href"))) {
                refs.add(a.attr("href"));
            }
        }
        for (Element style : doc.select("style")) {
            refs.addAll(cssRefs(style.data()));
        }
        return refs;
    }

    private static boolean isPageLink(String href) {
        return href.startsWith("../") && href.endsWith("/index.html");
    }

    static List<String> cssRefs(String css) {
        List<String> refs = new ArrayList<>();
        for (Pattern p : List.of(CSS_URL, CSS_IMPORT)) {
            Matcher m = p.matcher(css);
            while (m.find()) {
                refs.add(m.group(1));
            }
        }
        return refs;
    }

    private static void check(String label, String from, String ref, Map<String, byte[]> files, Set<String> blockIds,
            List<String> checked) {
        for (String form : LMS_FORMS) {
            assertFalse(ref.startsWith(form), label + ": " + from + " still references " + ref);
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        if (ref.isEmpty() || ref.startsWith("#") || lower.startsWith("http://") || lower.startsWith("https://")
                || lower.startsWith("data:") || lower.startsWith("mailto:") || lower.startsWith("javascript:")
                || ref.startsWith("//")) {
            return;
        }
        String clean = ref.replaceAll("[#?].*$", "");
        String dir = UrlPaths.dirOf(from);
        if (clean.startsWith("../") && clean.endsWith("/index.html") && UrlPaths.normalize(dir + clean) == null) {
            // a link to another block's page: ../<segment of its id>/index.html beside this page in the course zip
            String rest = clean;
            while (rest.startsWith("../")) {
                rest = rest.substring(3);
            }
            String segment = rest.substring(0, rest.indexOf('/'));
            assertTrue(blockIds.contains(ObjectKeys.unsegment(segment)), label + ": link to unknown block " + ref);
            return;
        }
        String target = UrlPaths.normalize(dir + UrlPaths.decode(clean));
        assertTrue(target != null && files.containsKey(target),
                label + ": " + from + " references " + ref + " which is not among the page's files " + files.keySet());
        checked.add(target);
    }

    /** The files of a rendered page as path → bytes. */
    public static Map<String, byte[]> bytes(BlockRenderer.RenderedPage page, Function<PageFile, byte[]> reader) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (PageFile f : page.files()) {
            String lower = f.path().toLowerCase(Locale.ROOT);
            boolean inspected = lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith(".css");
            out.put(f.path(), inspected ? reader.apply(f) : new byte[0]); // only HTML and CSS are inspected
        }
        return out;
    }

    /** Reads a page file from memory, the course or the classpath. */
    public static byte[] read(PageFile f) {
        try {
            if (f.bytes() != null) {
                return f.bytes();
            }
            if (f.file() != null) {
                return java.nio.file.Files.readAllBytes(f.file());
            }
            try (var in = PageBuilder.open(f.resource())) {
                return in.readAllBytes();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private PageChecks() {
    }
}
