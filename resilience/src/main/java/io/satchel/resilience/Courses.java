package io.satchel.resilience;

import io.satchel.testing.Paths;
import io.satchel.testing.TestCourses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Courses for the scenarios, as Studio-style tar.gz exports: the shared Open edX demo course (313 leaves, the
 * realistic load) under a course key of the scenario's own, so every scenario renders it in full, and small
 * generated courses for bursts and "the next good course".
 */
public final class Courses {
    /** A packed export and its course id. */
    public record Course(String courseId, Path targz) {
    }

    /** The demo course folder; fails (never skips) when the shared data is missing. */
    public static Path demoDir() {
        Path dir = Paths.shared().resolve("data/openedx-demo-course/demo-course/course");
        if (!Files.exists(dir.resolve("course.xml"))) {
            throw new AssertionError("the Open edX demo course is missing at " + dir + " (the shared test data)");
        }
        return dir;
    }

    /** The demo course as {@code course-v1:<org>+DemoX+DemoCourse}: same content, a course of its own. */
    public static Course demo(String org, Path workDir) {
        String courseId = "course-v1:" + org + "+DemoX+DemoCourse";
        Path copy = TestCourses.copyOf(demoDir());
        write(copy.resolve("course.xml"), "<course url_name=\"DemoCourse\" org=\"" + org + "\" course=\"DemoX\"/>\n");
        return new Course(courseId, TestCourses.targz(copy, "course", workDir.resolve(org + "-demo.tar.gz")));
    }

    /** A small course (one chapter, {@code pages} html pages) {@code course-v1:<org>+<code>+2026}. */
    public static Course small(String org, String code, int pages, Path workDir) {
        try {
            Path dir = Files.createTempDirectory(workDir, "course-");
            write(dir.resolve("course.xml"), "<course url_name=\"2026\" org=\"" + org + "\" course=\"" + code + "\"/>\n");
            write(dir.resolve("course/2026.xml"), "<course display_name=\"" + code + "\"><chapter url_name=\"ch\"/></course>\n");
            write(dir.resolve("chapter/ch.xml"), "<chapter display_name=\"Chapter\"><sequential url_name=\"seq\"/></chapter>\n");
            write(dir.resolve("sequential/seq.xml"), "<sequential display_name=\"Lesson\"><vertical url_name=\"unit\"/></sequential>\n");
            StringBuilder unit = new StringBuilder("<vertical display_name=\"Unit\">\n");
            for (int i = 1; i <= pages; i++) {
                unit.append("  <html url_name=\"page").append(i).append("\"/>\n");
                write(dir.resolve("html/page" + i + ".xml"), "<html filename=\"page" + i + "\" display_name=\"Page " + i + "\"/>\n");
                write(dir.resolve("html/page" + i + ".html"), "<p>Page " + i + " of " + code + ".</p>\n");
            }
            write(dir.resolve("vertical/unit.xml"), unit.append("</vertical>\n").toString());
            String courseId = "course-v1:" + org + "+" + code + "+2026";
            return new Course(courseId, TestCourses.targz(dir, code, workDir.resolve(org + "-" + code + ".tar.gz")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Courses() {
    }
}
