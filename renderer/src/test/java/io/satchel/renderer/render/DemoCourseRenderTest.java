package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.CourseKey;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.testing.TestCourses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/** Every leaf of the Open edX demo course, rendered in memory: self-contained pages, no answers in problems. */
class DemoCourseRenderTest {

    @Test
    void everyPageIsSelfContainedAndProblemsRevealNoAnswers() throws Exception {
        OlxCourse course = OlxCourseReader.read(TestCourses.demoCourseDir(), CourseKey.parse(TestCourses.DEMO_COURSE_ID));
        CourseContext ctx = CourseContext.of(course, ExternalAssets.none(), "http://lms.test");
        Set<String> blockIds = course.leaves().stream().map(OlxNode::blockId).collect(Collectors.toSet());
        BlockRenderer renderer = new BlockRenderer();
        int checked = 0;
        int withMath = 0;
        int localJumps = 0;
        List<String> missing = new ArrayList<>();
        for (OlxNode leaf : course.leaves()) {
            BlockRenderer.RenderedPage page = renderer.render(ctx, leaf);
            Map<String, byte[]> files = PageChecks.bytes(page, PageChecks::read);
            String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
            PageChecks.assertSelfContained(leaf.blockId(), files, blockIds);
            checked++;
            withMath += files.containsKey("mathjax/tex-mml-chtml.js") ? 1 : 0;
            localJumps += Jsoup.parse(html).select("a[href^=../][href$=/index.html]").size();
            missing.addAll(page.missingAssets());
            if (leaf.type().equals("problem")) {
                assertNoAnswers(leaf, html);
            }
        }
        assertEquals(course.leaves().size(), checked);
        assertTrue(withMath > 0, "the demo course has math");
        assertTrue(localJumps >= 40, "jump_to_id links become page links: " + localJumps);
        // nothing under static/ is missing; what stays online is external (fonts, embeds)
        List<String> local = missing.stream().filter(m -> m.startsWith("/")).toList();
        assertTrue(local.isEmpty(), local.toString());
    }

    /** Open edX transcripts carry character references (we&#39;re): the page shows the characters, escaped once. */
    @Test
    void transcriptTextShowsTheRealCharacters() {
        OlxCourse course = OlxCourseReader.read(TestCourses.demoCourseDir(), CourseKey.parse(TestCourses.DEMO_COURSE_ID));
        CourseContext ctx = CourseContext.of(course, ExternalAssets.none(), "http://lms.test");
        OlxNode video = course.leaves().stream().filter(l -> l.urlName().equals("078de40d92a54047b951a2e7a8e2a348"))
                .findFirst().orElseThrow();
        BlockRenderer.RenderedPage page = new BlockRenderer().render(ctx, video);
        String html = new String(PageChecks.bytes(page, PageChecks::read).get("index.html"), StandardCharsets.UTF_8);
        String transcript = Jsoup.parse(html).select("section.satchel-transcript").text();
        assertTrue(transcript.contains("we're going to be hearing"), transcript.substring(0, 200));
        assertFalse(html.contains("&amp;#39;"), "escaped twice");
        assertFalse(html.contains("&#39;"), "not decoded");
    }

    /** Solutions, hints and correct choices of the problem's OLX must not appear in its page. */
    private static void assertNoAnswers(OlxNode leaf, String html) {
        String olx = io.satchel.renderer.olx.SecureXml.toXml(leaf.definition());
        Document xml = Jsoup.parse(olx, "", Parser.xmlParser());
        Document page = Jsoup.parse(html);
        String pageText = page.text();
        assertFalse(html.contains("correct="), leaf + " shows correct flags");
        for (Element secret : xml.select("solution, choicehint, hint, demandhint, correcthint, stringequalhint, "
                + "optionhint, additional_answer")) {
            String text = secret.text().trim();
            if (text.length() >= 12) {
                String probe = text.substring(0, Math.min(60, text.length()));
                assertFalse(pageText.contains(probe), leaf + " reveals: " + probe);
            }
        }
        for (Element response : xml.select("stringresponse[answer], numericalresponse[answer]")) {
            String answer = response.attr("answer");
            if (answer.length() >= 3) {
                assertFalse(page.select("form").outerHtml().contains(answer) && !olxQuestionContains(xml, answer),
                        leaf + " reveals the answer " + answer);
            }
        }
    }

    private static boolean olxQuestionContains(Document xml, String answer) {
        Document copy = xml.clone();
        copy.select("solution, [answer], additional_answer, choicehint, hint").remove();
        return copy.text().contains(answer);
    }
}
