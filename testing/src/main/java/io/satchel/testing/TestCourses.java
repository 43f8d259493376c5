package io.satchel.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assertions;

/** The project's sample course and the shared Open edX demo course, as folders and as Studio-style tar.gz exports. */
public final class TestCourses {
    public static final String SAMPLE_COURSE_ID = "course-v1:Satchel+SAMPLE+2026";
    public static final String DEMO_COURSE_ID = "course-v1:OpenedX+DemoX+DemoCourse";

    /** {@code sample-course/} of this repository (course.xml at its root). */
    public static Path sampleCourseDir() {
        return Paths.repo().resolve("sample-course");
    }

    /**
     * The demo course export root; fails the calling test when the data is absent (a missing data set must show in CI,
     * not turn the test into a skip).
     */
    public static Path demoCourseDir() {
        Path dir = Paths.shared().resolve("data/openedx-demo-course/demo-course/course");
        Assertions.assertTrue(Files.exists(dir.resolve("course.xml")), "the Open edX demo course is missing: no "
                + dir.resolve("course.xml") + " (set SATCHEL_SHARED_DIR to the folder holding data/)");
        return dir;
    }

    /** Packs a course folder as Studio exports it: one top folder ({@code topFolder}) holding course.xml. */
    /**
     * The course exports in a folder of trial courses (one folder per course, course.xml inside), by name; the
     * folder given by {@code -Dsatchel.probe.dir}, else {@code /tmp/olx-courses} (the course probes).
     */
    public static java.util.List<Path> probeCourses() {
        Path dir = Path.of(System.getProperty("satchel.probe.dir", "/tmp/olx-courses"));
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> java.nio.file.Files.isRegularFile(p.resolve("course.xml"))).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the trial courses in " + dir, e);
        }
    }

    public static Path targz(Path courseDir, String topFolder, Path target) {
        try (OutputStream file = Files.newOutputStream(target);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(courseDir)) {
                files = walk.sorted().toList();
            }
            for (Path p : files) {
                String rel = courseDir.relativize(p).toString().replace('\\', '/');
                String name = (topFolder == null || topFolder.isEmpty() ? "" : topFolder + "/") + rel;
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
                    tar.closeArchiveEntry();
                } else {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a course folder in a temp dir, for tests that change a file and publish again. */
    public static Path copyOf(Path courseDir) {
        try {
            Path target = Files.createTempDirectory("satchel-course-");
            try (Stream<Path> walk = Files.walk(courseDir)) {
                for (Path p : walk.toList()) {
                    Path dest = target.resolve(courseDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestCourses() {
    }
}
