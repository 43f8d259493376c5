package io.satchel.renderer.olx;

import io.satchel.renderer.render.BlockRenderer;
import io.satchel.renderer.render.CourseContext;
import io.satchel.renderer.render.ExternalAssets;
import io.satchel.renderer.render.PageChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (no Test suffix): runs every course export below {@code -Dsatchel.probe.dir} (one folder per
 * course, course.xml inside) through the reader and the block renderer, and prints one row of docs/benchmarks.md's
 * "real courses" table per course: leaves the OLX defines ({@link OlxLeafCensus}), leaves offered, unavailable ones
 * by problem code, and whether every page is self-contained. Used to try held-out real courses:
 * {@code ./mvnw -pl renderer -am test -Dtest=OlxCoursesProbe -Dsatchel.probe.dir=/tmp/olx-courses}.
 */
class OlxCoursesProbe {

    @Test
    void probe() throws Exception {
        List<Path> courses = io.satchel.testing.TestCourses.probeCourses();
        StringBuilder out = new StringBuilder("| course | leaves defined | leaves offered | unavailable (reason) "
                + "| pages self-contained |\n| --- | --- | --- | --- | --- |\n");
        for (Path course : courses) {
            out.append(row(course)).append('\n');
        }
        System.out.println("PROBE\n" + out);
    }

    private static String row(Path dir) {
        String name = dir.getFileName().toString();
        OlxCourse course;
        List<OlxLeafCensus.Leaf> defined;
        try {
            course = OlxCourseReader.read(dir, null);
        } catch (InvalidCourseException e) {
            return "| " + name + " | - | refused | " + e.code() + ": " + e.getMessage() + " | - |";
        }
        try {
            defined = OlxLeafCensus.leaves(dir);
        } catch (Exception e) {
            defined = List.of();
        }
        Set<String> seen = new HashSet<>();
        List<OlxNode> offered = course.leaves().stream().filter(l -> seen.add(l.blockId())).toList();
        int unmatched = 0;
        for (OlxNode leaf : offered) {
            if (defined.stream().noneMatch(l -> l.matches(leaf.blockId(), leaf.path()))) {
                unmatched++;
                System.out.println(name + ": offered leaf not defined by the census: " + leaf.blockId() + " "
                        + leaf.path());
            }
        }
        // a block the OLX places twice (edx-platform's xml_dag) is one leaf: the manifest offers it once (a
        // generated name is a pattern, so those are counted one by one)
        long definedDistinct = defined.stream().filter(l -> l.id().pattern().contains("[0-9a-f]{12}")).count()
                + defined.stream().map(l -> l.id().pattern()).filter(p -> !p.contains("[0-9a-f]{12}")).distinct()
                        .count();
        CourseContext ctx = CourseContext.of(course, ExternalAssets.none(), "http://lms.test");
        BlockRenderer renderer = new BlockRenderer();
        Map<String, Integer> problems = new TreeMap<>();
        List<String> notSelfContained = new ArrayList<>();
        for (OlxNode leaf : offered) {
            BlockRenderer.RenderedPage page = renderer.render(ctx, leaf);
            if (page.problem() != null) {
                problems.merge(page.problem().code(), 1, Integer::sum);
                System.out.println(name + ": " + leaf.blockId() + " unavailable: " + page.problem().code() + " "
                        + page.problem().message());
            }
            try {
                PageChecks.assertSelfContained(leaf.blockId(), PageChecks.bytes(page, PageChecks::read), seen);
            } catch (AssertionError e) {
                notSelfContained.add(leaf.blockId() + ": " + e.getMessage());
            }
        }
        notSelfContained.forEach(s -> System.out.println(name + ": not self-contained " + s));
        String reasons = problems.isEmpty() ? "0" : problems.values().stream().mapToInt(i -> i).sum() + " ("
                + problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
        return "| " + name + " (" + course.key().courseId() + ") | " + definedDistinct + " | " + offered.size()
                + (unmatched > 0 ? " (" + unmatched + " not in census)" : "") + " | " + reasons + " | "
                + (notSelfContained.isEmpty() ? "yes" : "no: " + notSelfContained.size()) + " |";
    }
}
