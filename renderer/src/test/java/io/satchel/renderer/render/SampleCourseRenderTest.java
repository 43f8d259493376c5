package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.CourseKey;
import io.satchel.events.ObjectKeys;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.testing.TestCourses;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every URL form and block type of the project's sample course, rendered in memory. */
class SampleCourseRenderTest {
    static final String LMS = "http://lms.test";
    static OlxCourse course;
    static CourseContext ctx;
    static Set<String> blockIds;

    @BeforeAll
    static void read() {
        course = OlxCourseReader.read(TestCourses.sampleCourseDir(), CourseKey.parse(TestCourses.SAMPLE_COURSE_ID));
        ctx = CourseContext.of(course, ExternalAssets.none(), LMS);
        blockIds = course.leaves().stream().map(OlxNode::blockId).collect(Collectors.toSet());
    }

    static BlockRenderer.RenderedPage render(String type, String urlName) {
        OlxNode leaf = course.leaves().stream().filter(l -> l.type().equals(type) && l.urlName().equals(urlName))
                .findFirst().orElseThrow();
        return new BlockRenderer().render(ctx, leaf);
    }

    static Map<String, PageFile> files(BlockRenderer.RenderedPage page) {
        return page.files().stream().collect(Collectors.toMap(PageFile::path, f -> f));
    }

    static Document index(BlockRenderer.RenderedPage page) {
        return Jsoup.parse(new String(files(page).get("index.html").bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void everyLeafRendersSelfContained() {
        assertEquals(7, course.leaves().size());
        for (OlxNode leaf : course.leaves()) {
            var page = new BlockRenderer().render(ctx, leaf);
            PageChecks.assertSelfContained(leaf.blockId(), PageChecks.bytes(page, PageChecks::read), blockIds);
            Document doc = index(page);
            assertEquals("en", doc.selectFirst("html").attr("lang"));
            assertEquals(leaf.displayName(), doc.title());
            for (Element img : doc.select("img")) {
                assertTrue(img.hasAttr("alt"), leaf + " has an img without alt");
            }
        }
    }

    @Test
    void htmlPageLocalizesEveryUrlForm() {
        var page = render("html", "welcome");
        Map<String, PageFile> files = files(page);
        for (String expected : new String[] {"assets/css/course.css", "assets/css/print.css",
                "assets/fonts/satchel-sans.ttf", "assets/images/map.png", "assets/images/map-2x.png",
                "assets/images/logo.png", "assets/images/photo one.jpg", "assets/images/badge.png",
                "assets/images/pattern.png", "assets/handout.pdf", "assets/handout.html", "satchel.css",
                "mathjax/tex-mml-chtml.js", "satchel.json"}) {
            assertTrue(files.containsKey(expected), expected + " missing from " + files.keySet());
        }
        Document doc = index(page);
        assertNotNull(doc.selectFirst("img[src=assets/images/photo%20one.jpg]"), "c4x with %20");
        assertNotNull(doc.selectFirst("img[src=assets/images/logo.png]"), "asset-v1");
        assertNotNull(doc.selectFirst("img[src=assets/images/badge.png]"), "assets/courseware");
        assertEquals("assets/images/map.png 1x, assets/images/map-2x.png 2x",
                doc.selectFirst("img[srcset]").attr("srcset"));
        assertTrue(doc.selectFirst("div.note").attr("style").contains("url(\"assets/images/pattern.png\")"));
        assertTrue(doc.select("style").html().contains("assets/images/pattern.png"));
        assertEquals("assets/handout.html", doc.selectFirst("iframe").attr("src"));
        // CSS files: relative to the CSS file, @import followed
        String css = new String(files.get("assets/css/course.css").bytes(), StandardCharsets.UTF_8);
        assertTrue(css.contains("@import url(\"print.css\")"), css);
        assertTrue(css.contains("url(\"../fonts/satchel-sans.ttf\")"), css);
        // missing asset → satchel.json + online URL; external image not allow-listed → online + listed
        assertEquals(LMS + "/asset-v1:Satchel+SAMPLE+2026+type@asset+block@images/missing-diagram.png",
                doc.selectFirst("img[alt^=Diagram]").attr("src"));
        String json = new String(files.get("satchel.json").bytes(), StandardCharsets.UTF_8);
        assertTrue(json.contains("/static/images/missing-diagram.png"), json);
        assertTrue(json.contains("upload.wikimedia.org"), json);
        assertTrue(page.missingAssets().contains("/static/images/missing-diagram.png"));
        // jump_to_id → the problem's page beside this one in the course zip
        String quiz = TestCourses.SAMPLE_COURSE_ID.replace("course-v1:", "block-v1:") + "+type@problem+block@first_quiz";
        assertEquals("../" + ObjectKeys.segment(quiz) + "/index.html",
                doc.selectFirst("a:contains(Try the first quiz)").attr("href"));
        // math → MathJax bundled with the files it loads lazily
        assertNotNull(doc.selectFirst("script[src=mathjax/tex-mml-chtml.js]"));
        assertTrue(files.containsKey("mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"));
    }

    @Test
    void urlNameWithColonAndLinkedHtmlFile() {
        var page = render("html", "notes:glossary");
        assertTrue(page.block().blockId().endsWith("+type@html+block@notes:glossary"));
        Document doc = index(page);
        assertEquals("assets/handout.html", doc.selectFirst("a:contains(handout)").attr("href"));
        assertTrue(files(page).containsKey("assets/css/print.css"), "the linked page's own stylesheet");
        assertFalse(files(page).containsKey("mathjax/tex-mml-chtml.js"), "no math, no MathJax");
        assertFalse(files(page).containsKey("satchel.json"), "nothing missing");
    }

    @Test
    void problemShowsInputsButNeverAnswers() {
        var page = render("problem", "first_quiz");
        String html = new String(files(page).get("index.html").bytes(), StandardCharsets.UTF_8);
        assertFalse(html.contains("SOLUTION-TEXT"), "solution leaked");
        assertFalse(html.contains("HINT-TEXT"), "hint leaked");
        assertFalse(html.contains("2.5"), "numerical answer leaked");
        assertFalse(html.contains("correct="), "correct flags leaked");
        assertFalse(html.contains("answer=\""), "answer attribute leaked");
        Document doc = Jsoup.parse(html);
        assertEquals(3, doc.select("input[type=radio]").size());
        assertEquals(3, doc.select("input[type=checkbox]").size());
        assertEquals(4, doc.select("select option").size());
        assertEquals(2, doc.select("input[type=text]").size());
        for (Element input : doc.select("input[type=radio], input[type=checkbox], input[type=text], select")) {
            assertNotNull(doc.selectFirst("label[for=" + input.id() + "]"), "label for " + input.id());
        }
        assertEquals("Where is the course stored while you are offline?", doc.selectFirst("legend").text());
        assertNotNull(doc.selectFirst("p.satchel-description:contains(Pick one.)"));
        assertNotNull(doc.selectFirst("button[type=submit]"));
        String script = doc.select("script").html();
        assertTrue(script.contains("localStorage") && script.contains("SatchelBridge") && script.contains("Android")
                && script.contains("messageHandlers.satchel"));
        assertTrue(files(page).containsKey("assets/images/map.png"), "images in problems are localized");
        assertTrue(files(page).containsKey("mathjax/tex-mml-chtml.js"), "math in problems");
    }

    @Test
    void html5VideoGetsLocalSourceAndWebVttTrack() {
        var page = render("video", "intro_video");
        Document doc = index(page);
        assertEquals("assets/video/satchel-intro.mp4", doc.selectFirst("video source").attr("src"));
        Element track = doc.selectFirst("video track");
        assertEquals("transcripts/en.vtt", track.attr("src"));
        assertEquals("en", track.attr("srclang"));
        String vtt = new String(files(page).get("transcripts/en.vtt").bytes(), StandardCharsets.UTF_8);
        assertTrue(vtt.startsWith("WEBVTT\n\n"), vtt);
        assertTrue(vtt.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*"), vtt);
    }

    @Test
    void youtubeOnlyVideoGetsTranscriptAndLink() {
        var page = render("video", "youtube_talk");
        Document doc = index(page);
        assertNull(doc.selectFirst("video"));
        assertNotNull(doc.selectFirst("a[href=https://www.youtube.com/watch?v=aqz-KE-bpKQ]"));
        assertFalse(doc.select("section.satchel-transcript p").isEmpty());
    }

    @Test
    void discussionSaysNotOfflineAndLinksToTheLms() {
        var page = render("discussion", "course_forum");
        Document doc = index(page);
        assertTrue(doc.text().contains("not available offline"));
        assertNotNull(doc.selectFirst("a[href=" + LMS + "/courses/" + TestCourses.SAMPLE_COURSE_ID + "/jump_to/"
                + page.block().blockId() + "]"));
    }

    @Test
    void contentHashIsStableAndFollowsAssetBytes() {
        var a = render("html", "welcome");
        var b = render("html", "welcome");
        assertEquals(a.contentHash(), b.contentHash());
        assertFalse(a.contentHash().equals(render("html", "notes:glossary").contentHash()));
    }
}
