package io.satchel.renderer.olx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.CourseKey;
import io.satchel.testing.TestCourses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlxCourseReaderTest {
    private static final String P = "block-v1:Org+C1+run1+type@";

    @Test
    void readsTheDemoCourseStructure() {
        OlxCourse course = OlxCourseReader.read(TestCourses.demoCourseDir(),
                CourseKey.parse(TestCourses.DEMO_COURSE_ID));
        assertEquals("Open edX Demo Course", course.displayName());
        assertEquals(6, course.chapters().size());
        assertEquals(6 + 17, course.sections().size());
        Map<String, Long> byType = course.leaves().stream()
                .collect(Collectors.groupingBy(OlxNode::type, Collectors.counting()));
        assertEquals(266L, byType.get("html"));
        assertEquals(23L + 6, byType.get("problem")); // the 6 library problems are leaves of library_content
        assertEquals(11L, byType.get("video"));
        assertEquals(2L, byType.get("openassessment"));
        assertNull(byType.get("library_content"));
        assertTrue(byType.keySet().containsAll(java.util.Set.of("discussion", "drag-and-drop-v2", "poll", "survey",
                "lti", "annotatable")), byType.toString());
        OlxNode first = course.leaves().get(0);
        assertEquals(3, first.path().size());
        assertTrue(first.blockId().startsWith("block-v1:OpenedX+DemoX+DemoCourse+type@"));
        OlxNode library = course.leaves().stream().filter(l -> l.urlName().equals("0895f1b6c0b329e50b90"))
                .findFirst().orElseThrow();
        assertEquals(List.of("chapter", "sequential", "vertical", "library_content"),
                library.path().stream().map(id -> id.replaceAll(".*type@(.*)\\+block@.*", "$1")).toList());
        assertEquals(course.leaves().size(), course.leaves().stream().map(OlxNode::blockId).distinct().count());
        assertTrue(course.leaves().stream().allMatch(l -> l.problem() == null));
    }

    @Test
    void pointerAndInlineFormsAndColonUrlNames(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch1\"/><chapter display_name=\"Inline chapter\"><sequential "
                + "display_name=\"S\"><vertical display_name=\"V\"><html display_name=\"Inline html\"><p>Hi</p></html>"
                + "</vertical></sequential></chapter>");
        write(dir, "chapter/ch1.xml", "<chapter display_name=\"One\"><sequential url_name=\"sq:nested\"/></chapter>");
        write(dir, "sequential/sq/nested.xml", "<sequential><vertical url_name=\"v1\"/></sequential>");
        write(dir, "vertical/v1.xml", "<vertical><html url_name=\"h1\"/><problem url_name=\"p1\"/></vertical>");
        write(dir, "html/h1.xml", "<html filename=\"h1\" display_name=\"Pointer html\"/>");
        write(dir, "html/h1.html", "<p>Body</p>");
        write(dir, "problem/p1.xml", "<problem><p>Q</p></problem>");
        write(dir, "policies/run1/policy.json", "{\"problem/p1\": {\"display_name\": \"From policy\"}}");

        OlxCourse course = OlxCourseReader.read(dir, CourseKey.parse("course-v1:Org+C1+run1"));
        assertEquals(2, course.chapters().size());
        assertEquals(P + "sequential+block@sq:nested", course.sections().get(1).blockId());
        assertEquals(List.of(P + "chapter+block@ch1"), course.sections().get(1).path());
        assertEquals(3, course.leaves().size());
        assertEquals("Pointer html", course.leaves().get(0).displayName());
        assertEquals(dir.resolve("html/h1.html"), course.leaves().get(0).htmlFile());
        assertEquals("From policy", course.leaves().get(1).displayName());
        assertEquals("Inline html", course.leaves().get(2).displayName());
        assertEquals(course.leaves().get(0).blockId(), course.pageOf("v1").orElseThrow());
        assertEquals(course.leaves().get(0).blockId(), course.pageOf("ch1").orElseThrow());
    }

    @Test
    void splitTestOffersEveryGroup(@TempDir Path dir) throws IOException {
        unit(dir, "<split_test url_name=\"exp\" user_partition_id=\"0\" group_id_to_child='{\"0\": \"a\"}'>"
                + "<vertical url_name=\"a\"><html url_name=\"ha\"><p>A</p></html></vertical>"
                + "<vertical url_name=\"b\"><problem url_name=\"pb\"/></vertical></split_test>");
        write(dir, "problem/pb.xml", "<problem><p>B</p></problem>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "html+block@ha", P + "problem+block@pb"), ids(course.leaves()));
        assertEquals(List.of(P + "chapter+block@ch", P + "sequential+block@sq", P + "vertical+block@u",
                P + "split_test+block@exp", P + "vertical+block@b"), course.leaves().get(1).path());
    }

    @Test
    void libraryContentOffersAllChildren(@TempDir Path dir) throws IOException {
        unit(dir, "<library_content url_name=\"lib\"/>");
        write(dir, "library_content/lib.xml", "<library_content max_count=\"1\" source_library_id=\"library-v1:O+L\">"
                + "<problem url_name=\"q1\"/><problem url_name=\"q2\"/><problem url_name=\"q3\"/></library_content>");
        for (String q : List.of("q1", "q2", "q3")) {
            write(dir, "problem/" + q + ".xml", "<problem><p>" + q + "</p></problem>");
        }
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "problem+block@q1", P + "problem+block@q2", P + "problem+block@q3"),
                ids(course.leaves()));
        assertEquals(P + "library_content+block@lib", last(course.leaves().get(2).path()));
    }

    @Test
    void conditionalOffersItsBlocksNotItsShowElements(@TempDir Path dir) throws IOException {
        unit(dir, "<html url_name=\"gate\"><p>Gate</p></html><conditional url_name=\"cond\" "
                + "sources=\"i4x://Org/C1/problem/gate\" attempted=\"True\"><show sources=\"i4x://Org/C1/html/gate\"/>"
                + "<html url_name=\"reward\"><p>Well done</p></html></conditional>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "html+block@gate", P + "html+block@reward"), ids(course.leaves()));
        assertEquals(P + "conditional+block@cond", last(course.leaves().get(1).path()));
    }

    @Test
    void nestedVerticalsWrapperAndItembankAreWalked(@TempDir Path dir) throws IOException {
        unit(dir, "<vertical url_name=\"inner\"><vertical url_name=\"innermost\"><html url_name=\"deep\"><p>x</p>"
                + "</html></vertical></vertical><wrapper url_name=\"w\"><video url_name=\"vid\" youtube_id_1_0=\"x\"/>"
                + "</wrapper><itembank url_name=\"bank\" max_count=\"1\"><problem url_name=\"ib1\"><p>1</p></problem>"
                + "</itembank><randomize url_name=\"r\"><problem url_name=\"rand1\"><p>2</p></problem></randomize>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "html+block@deep", P + "video+block@vid", P + "problem+block@ib1",
                P + "problem+block@rand1"), ids(course.leaves()));
        assertEquals(5, course.leaves().get(0).path().size());
        assertEquals(P + "itembank+block@bank", last(course.leaves().get(2).path()));
    }

    @Test
    void leavesDirectlyUnderSequentialAndChapter(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch\"><video url_name=\"v0\" youtube_id_1_0=\"x\"/><sequential url_name=\"sq\">"
                + "<html url_name=\"h\"><p>x</p></html></sequential></chapter>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "video+block@v0", P + "html+block@h"), ids(course.leaves()));
        assertEquals(List.of(P + "chapter+block@ch"), course.leaves().get(0).path());
        assertEquals(List.of(P + "chapter+block@ch", P + "sequential+block@sq"), course.leaves().get(1).path());
    }

    @Test
    void videosequenceAndPointerFilesWhoseRootTagDiffers(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch\"/><chapter url_name=\"poll\"/>");
        write(dir, "chapter/ch.xml", "<chapter><videosequence url_name=\"vs\"/></chapter>");
        write(dir, "videosequence/vs.xml", "<sequential display_name=\"Videos\"><video url_name=\"v\"/></sequential>");
        write(dir, "video/v.xml", "<video youtube_id_1_0=\"x\"/>");
        write(dir, "chapter/poll.xml", "<sequential><poll_question name=\"Q1\"><answer id=\"y\">Y</answer>"
                + "</poll_question></sequential>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "video+block@v", P + "poll_question+block@Q1"), ids(course.leaves()));
        assertEquals(List.of(P + "chapter+block@ch", P + "videosequence+block@vs"), course.leaves().get(0).path());
        OlxNode videos = course.sections().get(1);
        assertEquals("videosequence", videos.type());
        assertEquals("Videos", videos.displayName());
        assertEquals("chapter", course.chapters().get(1).type()); // its file's root is <sequential>: still a chapter
    }

    @Test
    void inlineHtmlKeepsVoidElementsAndPreWhitespace(@TempDir Path dir) throws IOException {
        String pre = "<pre>  a\n\tb  \n</pre>";
        unit(dir, "<html url_name=\"x\"><p>a <img src=\"/static/a.png\"/> b<br/></p>" + pre + "</html>");
        OlxNode leaf = OlxCourseReader.read(dir, null).leaves().get(0);
        String inner = SecureXml.innerXml(leaf.definition()); // re-parses the inline XML as XML
        assertTrue(inner.contains("<img src=\"/static/a.png\"/>"), inner);
        assertTrue(inner.contains("b<br/></p>"), inner);
        assertTrue(inner.contains(pre), inner);
        // the DOM serialization keeps XML too (the default html method would write <img ...> and re-indent)
        String again = SecureXml.toXml(leaf.definition());
        assertTrue(again.contains("<br/>") && again.contains(pre), again);
        assertEquals("x", SecureXml.parse(again, "x").getAttribute("url_name"));
    }

    @Test
    void blocksWithoutUrlNameGetOpenEdxsNameOnEveryRead(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch\"><sequential url_name=\"sq\"/></chapter>");
        // Expected names computed by Open edX's make_name_unique with lxml 6.1.3 on this very file.
        write(dir, "sequential/sq.xml", """
                <sequential display_name="S">
                  <video youtube_id_1_0="abc"/>
                  <html>  <p>Hi <b>there</b> <i>you</i></p>
                  </html>
                  <problem><p>Q</p><!-- c --><choiceresponse/></problem>
                  <problem><p>Q</p><!-- c --><choiceresponse/></problem>
                  <html>é <![CDATA[<x>]]>&amp; "q"</html>
                  <problem display_name="Same"/>
                  <problem display_name="Same"/>
                </sequential>
                """);
        List<String> expected = List.of("video_3f7e80d89303", "html_b794afce2860", "problem_6cf3eb0c0af0",
                "problem_6cf3eb0c0af0", "html_7a122019d795", "Same", "problem_Same_5f9b014eaf99");
        assertEquals(expected, OlxCourseReader.read(dir, null).leaves().stream().map(OlxNode::urlName).toList());
        assertEquals(expected, OlxCourseReader.read(dir, null).leaves().stream().map(OlxNode::urlName).toList());
    }

    @Test
    void unnamedBlocksInAVerticalAreHashedAsAscii(@TempDir Path dir) throws IOException {
        // a vertical hands children over as etree.tostring(child): non-ASCII as character references (lxml 6.1.3)
        unit(dir, "<html>é <![CDATA[<x>]]>&amp; \"q\"</html>");
        assertEquals("html_372bc577e4a2", OlxCourseReader.read(dir, null).leaves().get(0).urlName());
    }

    @Test
    void htmlFilenameWithOrWithoutHtmlAndHtmlWithoutPointerFile(@TempDir Path dir) throws IOException {
        unit(dir, "<html url_name=\"plain\"/><html url_name=\"dotted\"/><html url_name=\"bare\"/>"
                + "<html url_name=\"sub:deep\"/><html url_name=\"gone\"/>");
        write(dir, "html/plain.xml", "<html filename=\"plain\"/>");
        write(dir, "html/plain.html", "<p>plain</p>");
        write(dir, "html/dotted.xml", "<html filename=\"dotted.html\"/>");
        write(dir, "html/dotted.html", "<p>dotted</p>");
        write(dir, "html/bare.html", "<p>no xml</p>");
        write(dir, "html/sub/deep.html", "<p>in a folder</p>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        List<OlxNode> leaves = course.leaves();
        assertEquals(dir.resolve("html/plain.html"), leaves.get(0).htmlFile());
        assertEquals(dir.resolve("html/dotted.html"), leaves.get(1).htmlFile());
        assertEquals("dotted.html", leaves.get(1).htmlFilename());
        assertEquals(dir.resolve("html/bare.html"), leaves.get(2).htmlFile());
        assertEquals("sub/deep.html", leaves.get(3).htmlFilename());
        assertEquals("MISSING_FILE", leaves.get(4).problem().code());
        assertTrue(leaves.get(4).problem().message().contains("html/gone.xml"), leaves.get(4).problem().message());
    }

    @Test
    void draftsAreNeverOffered(@TempDir Path dir) throws IOException {
        unit(dir, "<html url_name=\"pub\"/>");
        write(dir, "html/pub.xml", "<html filename=\"pub\"/>");
        write(dir, "html/pub.html", "<p>published</p>");
        write(dir, "drafts/vertical/draft_unit.xml", "<vertical parent_url=\"block-v1:Org+C1+run1+type@sequential"
                + "+block@sq\" index_in_children_list=\"1\"><html url_name=\"draft_html\"/></vertical>");
        write(dir, "drafts/html/pub.xml", "<html filename=\"pub_draft\"/>");
        write(dir, "drafts/html/draft_html.xml", "<html filename=\"draft_html\"/>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        assertEquals(List.of(P + "html+block@pub"), ids(course.leaves()));
        assertEquals(dir.resolve("html/pub.xml"), course.leaves().get(0).definitionFile());
        assertTrue(course.pageOf("draft_html").isEmpty());
    }

    @Test
    void unknownXBlocksWithChildElementsAreLeaves(@TempDir Path dir) throws IOException {
        unit(dir, "<drag-and-drop-v2 url_name=\"dnd\"><zone id=\"z\"/></drag-and-drop-v2><openassessment "
                + "url_name=\"ora\"><prompts><prompt><description>d</description></prompt></prompts></openassessment>"
                + "<poll url_name=\"poll\"/><lti_consumer url_name=\"lti\"/>");
        assertEquals(List.of(P + "drag-and-drop-v2+block@dnd", P + "openassessment+block@ora", P + "poll+block@poll",
                P + "lti_consumer+block@lti"), ids(OlxCourseReader.read(dir, null).leaves()));
    }

    @Test
    void aMalformedLeafAndAMalformedContainerDoNotSinkTheCourse(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch\"><sequential url_name=\"broken_seq\"/><sequential url_name=\"sq\">"
                + "<vertical url_name=\"u\"><problem url_name=\"bad\"/><html url_name=\"fine\"><p>ok</p></html>"
                + "<html url_name=\"..:..:escape\"/></vertical></sequential></chapter>");
        write(dir, "sequential/broken_seq.xml", "<sequential><vertical url_name=\"lost\"/>");
        write(dir, "problem/bad.xml", "<problem><p>unclosed</problem>");
        OlxCourse course = OlxCourseReader.read(dir, null);
        List<OlxNode> leaves = course.leaves();
        assertEquals(List.of(P + "sequential+block@broken_seq", P + "problem+block@bad", P + "html+block@fine",
                P + "html+block@..:..:escape"), ids(leaves));
        assertEquals("MALFORMED_OLX", leaves.get(0).problem().code());
        assertTrue(leaves.get(0).problem().message().contains("sequential/broken_seq.xml"));
        assertFalse(leaves.get(0).isContainer());
        assertEquals("MALFORMED_OLX", leaves.get(1).problem().code());
        assertNull(leaves.get(2).problem());
        assertEquals("UNSAFE_PATH", leaves.get(3).problem().code());
        assertEquals(List.of(P + "chapter+block@ch", P + "sequential+block@sq"), ids(course.sections()),
                "the broken sequential is not a section");
    }

    @Test
    void aBlockThatContainsItselfIsAProblemNotALoop(@TempDir Path dir) throws IOException {
        course(dir, "<chapter url_name=\"ch\"/>");
        write(dir, "chapter/ch.xml", "<chapter><sequential url_name=\"loop\"/></chapter>");
        write(dir, "sequential/loop.xml", "<sequential><sequential url_name=\"loop\"/></sequential>");
        OlxNode leaf = OlxCourseReader.read(dir, null).leaves().get(0);
        assertNotNull(leaf.problem());
    }

    @Test
    void courseLevelFailuresSinkTheCourse(@TempDir Path dir) throws IOException {
        assertEquals("MISSING_COURSE_XML", code(dir));
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\">");
        assertEquals("MALFORMED_OLX", code(dir));
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        assertEquals("MISSING_FILE", code(dir));
        write(dir, "course/run1.xml", "<course><chapter url_name=\"ch\"/>");
        assertEquals("MALFORMED_OLX", code(dir));
        write(dir, "course/run1.xml", "<course display_name=\"Empty\"><wiki slug=\"w\"/></course>");
        assertEquals("NO_STRUCTURE", code(dir));
        write(dir, "course/run1.xml", "<course><chapter url_name=\"ch\"/></course>");
        InvalidCourseException mismatch = assertThrows(InvalidCourseException.class,
                () -> OlxCourseReader.read(dir, CourseKey.parse("course-v1:Other+C1+run1")));
        assertEquals("COURSE_MISMATCH", mismatch.code());
        assertEquals("MISSING_FILE", OlxCourseReader.read(dir, null).leaves().get(0).problem().code());
    }

    /** Older courses (edx-platform's conditional): an inline course.xml naming its run by slug or by name. */
    @Test
    void theRunComesFromSlugOrNameAndThePolicyFromItsOldPath(@TempDir Path dir) throws IOException {
        write(dir, "course.xml", "<course name=\"Cond\" org=\"Org\" course=\"C1\" slug=\"run1\"><chapter "
                + "name=\"Ch\"><html url_name=\"h\"><p>x</p></html></chapter></course>");
        write(dir, "policies/run1.json", "{\"html/h\": {\"display_name\": \"Old policy path\"}}");
        OlxCourse course = OlxCourseReader.read(dir, CourseKey.parse("course-v1:Org+C1+run1"));
        assertEquals(List.of(P + "html+block@h"), ids(course.leaves()));
        assertEquals("Old policy path", course.leaves().get(0).displayName());
        write(dir, "course.xml", "<course name=\"Spring 2013: Intro\" org=\"Org\" course=\"C1\"><chapter "
                + "name=\"Ch\"><html url_name=\"h\"><p>x</p></html></chapter></course>");
        assertEquals("course-v1:Org+C1+Spring_2013_Intro", OlxCourseReader.read(dir, null).key().courseId());
    }

    /** Open edX's load_policy logs a policy that is not JSON and imports the course without it (xml_dag's has a
     * trailing comma): never a course-level failure. */
    @Test
    void aPolicyThatIsNotJsonIsIgnored(@TempDir Path dir) throws IOException {
        unit(dir, "<html url_name=\"h\"><p>x</p></html>");
        write(dir, "policies/run1/policy.json", "{\"html/h\": {\"display_name\": \"Trailing comma\",}}");
        assertEquals("Text", OlxCourseReader.read(dir, null).leaves().get(0).displayName());
        write(dir, "policies/run1.json", "{\"html/h\": {\"display_name\": \"Old path\"}}");
        assertEquals("Old path", OlxCourseReader.read(dir, null).leaves().get(0).displayName());
        write(dir, "policies/run1/policy.json", "[1, 2]");
        assertEquals("Old path", OlxCourseReader.read(dir, null).leaves().get(0).displayName());
    }

    @Test
    void externalEntitiesAreNeverExpanded(@TempDir Path dir) throws IOException {
        Path secret = write(dir, "secret.txt", "TOP-SECRET");
        write(dir, "course.xml", "<?xml version=\"1.0\"?><!DOCTYPE course [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]><course url_name=\"run1\" org=\"Org\" course=\"C1\" display_name=\"&xxe;\"/>");
        InvalidCourseException e = assertThrows(InvalidCourseException.class,
                () -> OlxCourseReader.read(dir, null));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        // a block's file with a DOCTYPE is that block's problem, never expanded
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        write(dir, "course/run1.xml", "<course><chapter url_name=\"ch\"><html url_name=\"h\"/></chapter></course>");
        write(dir, "html/h.xml", "<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]><html display_name=\"&xxe;\"/>");
        OlxNode leaf = OlxCourseReader.read(dir, null).leaves().get(0);
        assertEquals("MALFORMED_OLX", leaf.problem().code());
        assertFalse(leaf.problem().message().contains("TOP-SECRET"));
    }

    private static String code(Path dir) {
        return assertThrows(InvalidCourseException.class, () -> OlxCourseReader.read(dir, null)).code();
    }

    /** A course Org/C1/run1 whose course/run1.xml holds {@code chapters}. */
    private static void course(Path dir, String chapters) throws IOException {
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        write(dir, "course/run1.xml", "<course display_name=\"Tiny\">" + chapters + "</course>");
    }

    /** A course with one chapter ch → sequential sq → vertical u holding {@code content}. */
    private static void unit(Path dir, String content) throws IOException {
        course(dir, "<chapter url_name=\"ch\"><sequential url_name=\"sq\"><vertical url_name=\"u\">" + content
                + "</vertical></sequential></chapter>");
    }

    private static List<String> ids(List<OlxNode> nodes) {
        return nodes.stream().map(OlxNode::blockId).toList();
    }

    private static String last(List<String> path) {
        return path.get(path.size() - 1);
    }

    static Path write(Path dir, String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }
}
