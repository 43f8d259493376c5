package io.satchel.renderer.olx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.CourseKey;
import io.satchel.testing.TestCourses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlxCourseReaderTest {

    @Test
    void readsTheDemoCourseStructure() {
        OlxCourse course = OlxCourseReader.read(TestCourses.demoCourseDir(),
                CourseKey.parse(TestCourses.DEMO_COURSE_ID));
        assertEquals("Open edX Demo Course", course.displayName());
        assertEquals(6, course.chapters().size());
        assertEquals(17, course.sequentials().size());
        assertEquals(58, course.verticals().size());
        Map<String, Long> byType = course.leaves().stream()
                .collect(Collectors.groupingBy(OlxNode::type, Collectors.counting()));
        assertEquals(266L, byType.get("html"));
        assertEquals(23L, byType.get("problem"));
        assertEquals(11L, byType.get("video"));
        assertEquals(2L, byType.get("openassessment"));
        assertEquals(1L, byType.get("library_content"));
        assertTrue(byType.keySet().containsAll(java.util.Set.of("discussion", "drag-and-drop-v2", "poll", "survey",
                "lti", "annotatable")), byType.toString());
        OlxNode first = course.leaves().get(0);
        assertEquals(3, first.path().size());
        assertTrue(first.blockId().startsWith("block-v1:OpenedX+DemoX+DemoCourse+type@"));
        // every block id is unique
        assertEquals(course.leaves().size(), course.leaves().stream().map(OlxNode::blockId).distinct().count());
    }

    @Test
    void pointerAndInlineFormsAndColonUrlNames(@TempDir Path dir) throws IOException {
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        write(dir, "course/run1.xml", "<course display_name=\"Tiny\"><chapter url_name=\"ch1\"/>"
                + "<chapter display_name=\"Inline chapter\"><sequential display_name=\"S\"><vertical display_name=\"V\">"
                + "<html display_name=\"Inline html\"><p>Hi</p></html></vertical></sequential></chapter></course>");
        write(dir, "chapter/ch1.xml", "<chapter display_name=\"One\"><sequential url_name=\"sq:nested\"/></chapter>");
        write(dir, "sequential/sq/nested.xml", "<sequential><vertical url_name=\"v1\"/></sequential>");
        write(dir, "vertical/v1.xml", "<vertical><html url_name=\"h1\"/><problem url_name=\"p1\"/></vertical>");
        write(dir, "html/h1.xml", "<html filename=\"h1\" display_name=\"Pointer html\"/>");
        write(dir, "html/h1.html", "<p>Body</p>");
        write(dir, "problem/p1.xml", "<problem><p>Q</p></problem>");
        write(dir, "policies/run1/policy.json", "{\"problem/p1\": {\"display_name\": \"From policy\"}}");

        OlxCourse course = OlxCourseReader.read(dir, CourseKey.parse("course-v1:Org+C1+run1"));
        assertEquals(2, course.chapters().size());
        assertEquals("block-v1:Org+C1+run1+type@sequential+block@sq:nested", course.sequentials().get(0).blockId());
        assertEquals(3, course.leaves().size());
        assertEquals("Pointer html", course.leaves().get(0).displayName());
        assertEquals("From policy", course.leaves().get(1).displayName());
        assertEquals("Inline html", course.leaves().get(2).displayName());
        assertTrue(course.pageOf("v1").isPresent());
    }

    @Test
    void courseMismatchAndMalformedXmlAreRejected(@TempDir Path dir) throws IOException {
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        write(dir, "course/run1.xml", "<course><chapter url_name=\"ch1\"/></course>");
        write(dir, "chapter/ch1.xml", "<chapter><sequential");
        InvalidCourseException mismatch = assertThrows(InvalidCourseException.class,
                () -> OlxCourseReader.read(dir, CourseKey.parse("course-v1:Other+C1+run1")));
        assertEquals("COURSE_MISMATCH", mismatch.code());
        InvalidCourseException malformed = assertThrows(InvalidCourseException.class,
                () -> OlxCourseReader.read(dir, CourseKey.parse("course-v1:Org+C1+run1")));
        assertEquals("MALFORMED_OLX", malformed.code());
    }

    @Test
    void externalEntitiesAreNeverExpanded(@TempDir Path dir) throws IOException {
        Path secret = write(dir, "secret.txt", "TOP-SECRET");
        write(dir, "course.xml", "<?xml version=\"1.0\"?><!DOCTYPE course [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]><course url_name=\"run1\" org=\"Org\" course=\"C1\" display_name=\"&xxe;\"/>");
        InvalidCourseException e = assertThrows(InvalidCourseException.class,
                () -> OlxCourseReader.read(dir, null));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void urlNamesCannotEscapeTheExport(@TempDir Path dir) throws IOException {
        write(dir, "course.xml", "<course url_name=\"run1\" org=\"Org\" course=\"C1\"/>");
        write(dir, "course/run1.xml", "<course><chapter url_name=\"..:..:etc\"/></course>");
        InvalidCourseException e = assertThrows(InvalidCourseException.class, () -> OlxCourseReader.read(dir, null));
        assertEquals("UNSAFE_PATH", e.code());
    }

    static Path write(Path dir, String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }
}
