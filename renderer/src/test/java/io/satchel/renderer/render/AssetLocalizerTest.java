package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.satchel.common.http.FetchPolicy;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.events.CourseKey;
import io.satchel.events.ObjectKeys;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each URL form, one small html block at a time. */
class AssetLocalizerTest {
    static final String LMS = "http://lms.test";
    @TempDir
    Path dir;

    @BeforeEach
    void course() throws IOException {
        write("course.xml", "<course url_name=\"r\" org=\"O\" course=\"C\"/>");
        write("course/r.xml", "<course><chapter url_name=\"ch\"/></course>");
        write("chapter/ch.xml", "<chapter><sequential url_name=\"sq\"/></chapter>");
        write("sequential/sq.xml", "<sequential><vertical url_name=\"vt\"/></sequential>");
        write("vertical/vt.xml", "<vertical><html url_name=\"page\"/><html url_name=\"other\"/></vertical>");
        write("html/page.xml", "<html filename=\"page\"/>");
        write("html/other.xml", "<html filename=\"other.html\"/>");
        write("html/other.html", "<p>other</p>");
        write("static/a b.png", "png-bytes");
        write("static/img/logo.png", "logo");
        write("static/movie.mp4", "mp4");
        write("static/poster.jpg", "jpg");
        write("static/en.vtt", "WEBVTT\n");
        write("static/css/site.css", "@import 'parts/more.css'; .x { background: url(../img/logo.png); }");
        write("static/css/parts/more.css", "@font-face { src: url('/static/font.woff'); }");
        write("static/font.woff", "woff");
        write("static/frame.html", "<html><body><img src=\"img/logo.png\" alt=\"\"><a href=\"/jump_to_id/other\">x</a></body></html>");
    }

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private BlockRenderer.RenderedPage render(String html, ExternalAssets external) throws IOException {
        write("html/page.html", html);
        OlxCourse course = OlxCourseReader.read(dir, CourseKey.parse("course-v1:O+C+r"));
        OlxNode leaf = course.leaves().get(0);
        BlockRenderer.RenderedPage page = new BlockRenderer().render(CourseContext.of(course, external, LMS), leaf);
        PageChecks.assertSelfContained("page", PageChecks.bytes(page, PageChecks::read),
                course.leaves().stream().map(OlxNode::blockId).collect(Collectors.toSet()));
        return page;
    }

    private static Document index(BlockRenderer.RenderedPage page) {
        return Jsoup.parse(new String(files(page).get("index.html").bytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, PageFile> files(BlockRenderer.RenderedPage page) {
        return page.files().stream().collect(Collectors.toMap(PageFile::path, f -> f));
    }

    private String src(String html) throws IOException {
        return index(render(html, ExternalAssets.none())).selectFirst("main img").attr("src");
    }

    @Test
    void staticWithSpacesAndPercentEncoding() throws IOException {
        assertEquals("assets/a%20b.png", src("<img src=\"/static/a b.png\" alt=\"\">"));
        assertEquals("assets/a%20b.png", src("<img src=\"/static/a%20b.png\" alt=\"\">"));
        assertEquals("assets/a%20b.png", src("<img src=\"/static/a_b.png\" alt=\"\">"));
    }

    @Test
    void assetKeyForms() throws IOException {
        assertEquals("assets/img/logo.png", src("<img src=\"/asset-v1:O+C+r+type@asset+block@img_logo.png\" alt=\"\">"));
        assertEquals("assets/img/logo.png", src("<img src=\"/asset-v1:O+C+r+type@asset+block@logo.png\" alt=\"\">"));
        assertEquals("assets/a%20b.png", src("<img src=\"/c4x/O/C/asset/a%20b.png\" alt=\"\">"));
        assertEquals("assets/img/logo.png",
                src("<img src=\"/assets/courseware/v1/abc/asset-v1:O+C+r+type@asset+block/logo.png\" alt=\"\">"));
        assertEquals("assets/img/logo.png", src("<img src=\"https://studio.example/c4x/X/Y/asset/logo.png\" alt=\"\">"));
    }

    @Test
    void srcsetPosterSourceTrackAndStyles() throws IOException {
        var page = render("<img srcset=\"/static/a%20b.png 1x, /static/img/logo.png 2x\" alt=\"\">"
                + "<video poster=\"/static/poster.jpg\"><source src=\"/static/movie.mp4\"><track src=\"/static/en.vtt\"></video>"
                + "<div style=\"background:url('/static/img/logo.png')\"></div><style>p{background:url(/static/poster.jpg)}</style>",
                ExternalAssets.none());
        Document doc = index(page);
        assertEquals("assets/a%20b.png 1x, assets/img/logo.png 2x", doc.selectFirst("img").attr("srcset"));
        assertEquals("assets/poster.jpg", doc.selectFirst("video").attr("poster"));
        assertEquals("assets/movie.mp4", doc.selectFirst("source").attr("src"));
        assertEquals("assets/en.vtt", doc.selectFirst("track").attr("src"));
        assertTrue(doc.selectFirst("div[style]").attr("style").contains("url(\"assets/img/logo.png\")"));
        assertTrue(doc.select("main style").html().contains("url(\"assets/poster.jpg\")"));
    }

    @Test
    void stylesheetsAreFollowedRecursivelyRelativeToTheCssFile() throws IOException {
        var page = render("<link rel=\"stylesheet\" href=\"/static/css/site.css\"><p>x</p>", ExternalAssets.none());
        Map<String, PageFile> files = files(page);
        String site = new String(files.get("assets/css/site.css").bytes(), StandardCharsets.UTF_8);
        assertTrue(site.contains("@import \"parts/more.css\""), site);
        assertTrue(site.contains("url(\"../img/logo.png\")"), site);
        String more = new String(files.get("assets/css/parts/more.css").bytes(), StandardCharsets.UTF_8);
        assertTrue(more.contains("url(\"../../font.woff\")"), more);
        assertTrue(files.containsKey("assets/font.woff"));
    }

    @Test
    void iframeToCourseHtmlIsLocalizedRecursively() throws IOException {
        var page = render("<iframe src=\"/static/frame.html\" title=\"f\"></iframe>", ExternalAssets.none());
        String frame = new String(files(page).get("assets/frame.html").bytes(), StandardCharsets.UTF_8);
        assertTrue(frame.contains("src=\"img/logo.png\""), frame);
        String other = ObjectKeys.segment("block-v1:O+C+r+type@html+block@other");
        assertTrue(frame.contains("href=\"../../" + other + "/index.html\""), frame);
        assertTrue(files(page).containsKey("assets/img/logo.png"));
    }

    @Test
    void jumpToIdKnownAndUnknown() throws IOException {
        Document doc = index(render("<a href=\"/jump_to_id/other\">o</a><a href=\"/jump_to_id/nowhere\">n</a>",
                ExternalAssets.none()));
        assertEquals("../" + ObjectKeys.segment("block-v1:O+C+r+type@html+block@other") + "/index.html",
                doc.selectFirst("a:contains(o)").attr("href"));
        assertEquals(LMS + "/courses/course-v1:O+C+r/jump_to_id/nowhere", doc.selectFirst("a:contains(n)").attr("href"));
    }

    @Test
    void missingAssetIsListedAndPointsOnline() throws IOException {
        var page = render("<img src=\"/static/gone.png\" alt=\"\"><a href=\"/courses/x/about\">about</a>",
                ExternalAssets.none());
        assertEquals(List.of("/static/gone.png"), page.missingAssets());
        Document doc = index(page);
        assertEquals(LMS + "/asset-v1:O+C+r+type@asset+block@gone.png", doc.selectFirst("img").attr("src"));
        assertEquals(LMS + "/courses/x/about", doc.selectFirst("a").attr("href"));
        String json = new String(files(page).get("satchel.json").bytes(), StandardCharsets.UTF_8);
        assertEquals("{\"missingAssets\":[\"/static/gone.png\"]}", json);
    }

    /**
     * A missing course file is, whatever refers to it, its absolute online URL and an entry of satchel.json; no LMS
     * path stays in the page (a stylesheet in the head or the body included, and references inside a CSS file).
     */
    @Test
    void everyKindOfReferenceToAMissingFilePointsOnlineAndIsListed() throws IOException {
        write("static/css/broken.css", "@import \"gone-import.css\"; @import url(/static/gone-import-url.css);"
                + " .x { background: url(../img/gone-bg.png); } @font-face { src: url('/static/gone.woff'); }");
        var page = render("<link rel=\"stylesheet\" href=\"/static/missing.css\">"
                + "<link rel=\"stylesheet\" href=\"/static/css/broken.css\"><p>x</p>"
                + "<link rel=\"stylesheet\" href=\"/asset-v1:O+C+r+type@asset+block@missing-body.css\">"
                + "<img src=\"/static/gone.png\" srcset=\"/static/gone-1x.png 1x, /c4x/O/C/asset/gone-2x.png 2x\" alt=\"\">"
                + "<script src=\"/static/gone.js\"></script>"
                + "<video poster=\"/static/gone-poster.jpg\" src=\"/static/gone-video.mp4\">"
                + "<source src=\"/static/gone.webm\"><track src=\"/static/gone.vtt\"></video>"
                + "<audio src=\"/assets/courseware/v1/x/asset-v1:O+C+r+type@asset+block/gone.mp3\"></audio>"
                + "<a href=\"/static/gone.pdf\">handout</a><object data=\"/static/gone.swf\"></object>"
                + "<iframe src=\"/static/gone.html\" title=\"f\"></iframe><table background=\"/static/gone-table.png\"></table>"
                + "<div style=\"background:url('/static/gone-style.png')\"></div>"
                + "<style>@import '/static/gone-style-import.css'; p{background:url(/static/gone-p.png)}</style>"
                + "<link rel=\"preload\" as=\"image\" href=\"/static/gone-preload.png\">"
                + "<img data-src=\"/static/gone-lazy.png\" alt=\"\"><img data-src=\"/static/img/logo.png\" alt=\"\">"
                + "<svg><image href=\"/static/gone-svg.png\"></image></svg>",
                ExternalAssets.none());
        List<String> expected = List.of("/static/missing.css", "gone-import.css", "/static/gone-import-url.css",
                "../img/gone-bg.png", "/static/gone.woff", "/asset-v1:O+C+r+type@asset+block@missing-body.css",
                "/static/gone.png", "/static/gone-1x.png", "/c4x/O/C/asset/gone-2x.png", "/static/gone.js",
                "/static/gone-poster.jpg", "/static/gone-video.mp4", "/static/gone.webm", "/static/gone.vtt",
                "/assets/courseware/v1/x/asset-v1:O+C+r+type@asset+block/gone.mp3", "/static/gone.pdf",
                "/static/gone.swf", "/static/gone.html", "/static/gone-table.png", "/static/gone-style.png",
                "/static/gone-style-import.css", "/static/gone-p.png", "/static/gone-preload.png",
                "/static/gone-lazy.png", "/static/gone-svg.png");
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(page.missingAssets()));
        String json = new String(files(page).get("satchel.json").bytes(), StandardCharsets.UTF_8);
        for (String ref : expected) {
            assertTrue(json.contains("\"" + ref + "\""), ref + " not in satchel.json " + json);
        }
        String online = LMS + "/asset-v1:O+C+r+type@asset+block@";
        Document doc = index(page);
        assertEquals(online + "missing.css", doc.select("link[rel=stylesheet]").get(1).attr("href"));
        assertEquals(online + "missing-body.css", doc.select("main link[rel=stylesheet]").attr("href"));
        assertEquals(online + "gone.png", doc.selectFirst("main img").attr("src"));
        assertEquals(online + "gone-1x.png 1x, " + online + "gone-2x.png 2x", doc.selectFirst("main img").attr("srcset"));
        assertEquals(online + "gone.js", doc.selectFirst("main script").attr("src"));
        assertEquals(online + "gone-poster.jpg", doc.selectFirst("video").attr("poster"));
        assertEquals(online + "gone-video.mp4", doc.selectFirst("video").attr("src"));
        assertEquals(online + "gone.webm", doc.selectFirst("source").attr("src"));
        assertEquals(online + "gone.vtt", doc.selectFirst("track").attr("src"));
        assertEquals(online + "gone.mp3", doc.selectFirst("audio").attr("src"));
        assertEquals(online + "gone.pdf", doc.selectFirst("main a").attr("href"));
        assertEquals(online + "gone.swf", doc.selectFirst("object").attr("data"));
        assertEquals(online + "gone.html", doc.selectFirst("iframe").attr("src"));
        assertEquals(online + "gone-table.png", doc.selectFirst("table").attr("background"));
        assertTrue(doc.selectFirst("div[style]").attr("style").contains("url(\"" + online + "gone-style.png\")"));
        assertEquals(online + "gone-preload.png", doc.selectFirst("link[rel=preload]").attr("href"));
        assertEquals(online + "gone-lazy.png", doc.select("img[data-src]").get(0).attr("data-src"));
        assertEquals("assets/img/logo.png", doc.select("img[data-src]").get(1).attr("data-src"));
        assertTrue(files(page).containsKey("assets/img/logo.png"));
        assertEquals(online + "gone-svg.png", doc.selectFirst("svg image").attr("href"));
        String style = doc.select("style").html();
        assertTrue(style.contains("@import \"" + online + "gone-style-import.css\""), style);
        assertTrue(style.contains("url(\"" + online + "gone-p.png\")"), style);
        String css = new String(files(page).get("assets/css/broken.css").bytes(), StandardCharsets.UTF_8);
        assertTrue(css.contains("@import \"" + online + "css/gone-import.css\""), css);
        assertTrue(css.contains("url(\"" + online + "gone-import-url.css\")"), css);
        assertTrue(css.contains("url(\"" + online + "img/gone-bg.png\")"), css);
        assertTrue(css.contains("url(\"" + online + "gone.woff\")"), css);
        String all = new String(files(page).get("index.html").bytes(), StandardCharsets.UTF_8) + css;
        for (String form : PageChecks.LMS_FORMS) {
            assertFalse(all.replace(LMS + "/asset-v1:", "").contains(form), form + " remains in " + all);
        }
    }

    /** The missing stylesheet wherever an html block may put it: always online and listed. */
    @Test
    void aMissingStylesheetPointsOnlineWhereverTheLinkIs() throws IOException {
        String online = LMS + "/asset-v1:O+C+r+type@asset+block@missing.css";
        for (String html : List.of(
                "<link rel=\"stylesheet\" href=\"/static/missing.css\">",
                "<link rel=\"stylesheet\" href=\"/static/missing.css\"><p>text</p>",
                "<p>text</p><link rel=\"stylesheet\" href=\"/static/missing.css\">",
                "<html><head><link rel=\"stylesheet\" type=\"text/css\" href=\"/static/missing.css\"/></head>"
                        + "<body><p>text</p></body></html>",
                "<LINK REL=\"StyleSheet\" HREF=\"/static/missing.css\"><p>text</p>",
                "<div><link rel=\"stylesheet\" href=\"/static/missing.css\"></div>")) {
            var page = render(html, ExternalAssets.none());
            assertEquals(List.of("/static/missing.css"), page.missingAssets(), html);
            Document doc = index(page);
            assertEquals(List.of("satchel.css", online), doc.select("link").eachAttr("href"), html);
            assertTrue(files(page).containsKey("satchel.json"), html);
        }
    }

    @Test
    void externalAssetsOnlyFromAllowListedHosts() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pic.png", ex -> {
            byte[] body = "remote-png".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/pic.png";
            SafeHttpFetcher fetcher = new SafeHttpFetcher(new FetchPolicy(List.of("127.0.0.1"), false, 1024,
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20), 2));
            Path work = Files.createDirectories(dir.resolve("work"));
            var allowed = render("<img src=\"" + url + "\" alt=\"\"><a href=\"https://example.org/\">site</a>",
                    new ExternalAssets(fetcher, List.of("127.0.0.1"), work));
            assertTrue(allowed.missingAssets().isEmpty(), allowed.missingAssets().toString());
            String local = index(allowed).selectFirst("img").attr("src");
            assertTrue(local.startsWith("assets/external/") && local.endsWith("-pic.png"), local);
            assertEquals("https://example.org/", index(allowed).selectFirst("a").attr("href"));

            var refused = render("<img src=\"" + url + "\" alt=\"\">",
                    new ExternalAssets(fetcher, List.of("cdn.example.org"), work));
            assertEquals(List.of(url), refused.missingAssets());
            assertEquals(url, index(refused).selectFirst("img").attr("src"));

            SafeHttpFetcher tiny = new SafeHttpFetcher(new FetchPolicy(List.of("127.0.0.1"), false, 4,
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20), 2));
            var tooLarge = render("<img src=\"" + url + "\" alt=\"\">",
                    new ExternalAssets(tiny, List.of("127.0.0.1"), work));
            assertEquals(List.of(url), tooLarge.missingAssets());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void contentHashFollowsAssetBytesAndIsRecomputedWithoutRendering() throws IOException {
        String html = "<link rel=\"stylesheet\" href=\"/static/css/site.css\"><img src=\"/static/later.png\" alt=\"\">";
        var first = render(html, ExternalAssets.none());
        assertEquals(first.contentHash(), render(html, ExternalAssets.none()).contentHash());
        assertEquals(first.contentHash(), currentHash(first));
        // a file reached through CSS → @import → url() changes: the hash changes without rendering
        write("static/font.woff", "new font");
        String afterFont = currentHash(first);
        assertFalse(first.contentHash().equals(afterFont));
        assertEquals(afterFont, render(html, ExternalAssets.none()).contentHash());
        // a missing asset appears: the block must render again
        var second = render(html, ExternalAssets.none());
        write("static/later.png", "now here");
        assertFalse(second.contentHash().equals(currentHash(second)));
    }

    private String currentHash(BlockRenderer.RenderedPage page) {
        OlxCourse course = OlxCourseReader.read(dir, CourseKey.parse("course-v1:O+C+r"));
        return new BlockRenderer().currentHash(CourseContext.of(course, ExternalAssets.none(), LMS),
                course.leaves().get(0), page.dependencies(), false);
    }
}
