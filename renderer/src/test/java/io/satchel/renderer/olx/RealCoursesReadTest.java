package io.satchel.renderer.olx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every course of ../shared/data (the Open edX demo course and edx-platform's toy, simple and two-toys) is offered
 * whole: the reader's leaves are exactly the leaves {@link OlxLeafCensus} finds, in course order, each with its
 * ancestors as path, nothing from drafts/. Never skipped: the data is beside the repository in CI.
 */
class RealCoursesReadTest {

    @TestFactory
    List<DynamicTest> everyLeafTheOlxDefinesIsOffered() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Path> course : OlxLeafCensus.sharedCourses().entrySet()) {
            tests.add(DynamicTest.dynamicTest(course.getKey(), () -> assertOffersEveryLeaf(course.getValue())));
        }
        return tests;
    }

    private static void assertOffersEveryLeaf(Path dir) throws Exception {
        assertTrue(Files.isRegularFile(dir.resolve("course.xml")), "shared course data missing at " + dir);
        List<OlxLeafCensus.Leaf> defined = OlxLeafCensus.leaves(dir);
        List<OlxNode> offered = OlxCourseReader.read(dir, null).leaves();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < Math.max(defined.size(), offered.size()); i++) {
            OlxLeafCensus.Leaf want = i < defined.size() ? defined.get(i) : null;
            OlxNode got = i < offered.size() ? offered.get(i) : null;
            if (want == null || got == null || !want.matches(got.blockId(), got.path())) {
                mismatches.add("#" + i + " defined " + want + ", offered "
                        + (got == null ? null : got.blockId() + " under " + got.path()));
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                "offered " + offered.size() + " of " + defined.size() + " leaves (first mismatches shown)");
        Path drafts = dir.toAbsolutePath().normalize().resolve("drafts");
        for (OlxNode leaf : offered) {
            assertFalse(leaf.definitionFile() != null && leaf.definitionFile().startsWith(drafts), leaf.blockId());
        }
    }

    /** Names computed by Open edX's make_name_unique (lxml 6.1.3) over these very files. */
    @Test
    void generatedNamesAreTheOnesOpenEdxGives() throws Exception {
        Map<String, Path> courses = OlxLeafCensus.sharedCourses();
        assertTrue(OlxCourseReader.read(courses.get("edx-platform simple"), null).leaves().stream()
                .anyMatch(l -> l.blockId().equals("block-v1:edX+simple+2012_Fall+type@video+block@video_e3c91c2dee2f")));
        assertTrue(OlxCourseReader.read(courses.get("edx-platform toy"), null).leaves().stream()
                .anyMatch(l -> l.blockId().equals("block-v1:edX+toy+2012_Fall+type@html+block@html_7e5578f25f79")));
    }

    /** The figures of docs/benchmarks.md ("OLX reader: leaves offered / leaves defined"), printed as its table. */
    @Test
    void countsForTheBenchmarkTable() throws Exception {
        List<OlxLeafCensus.Count> counts = OlxLeafCensus.counts();
        StringBuilder table = new StringBuilder(OlxLeafCensus.TABLE_HEADER);
        counts.forEach(c -> table.append('\n').append(c.row()));
        System.out.println("leaves offered / leaves defined:\n" + table);
        for (OlxLeafCensus.Count c : counts) {
            assertEquals(c.defined(), c.offered(), c.row());
            assertEquals(c.defined(), c.matched(), c.row());
        }
    }
}
