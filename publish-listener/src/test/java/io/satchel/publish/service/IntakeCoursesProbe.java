package io.satchel.publish.service;

import io.satchel.events.CourseKey;
import io.satchel.publish.support.TarGz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Not part of the suite (no Test suffix): packs every course export below {@code -Dsatchel.probe.dir} (one folder per
 * course) as a Studio-style tar.gz (top folder {@code course/}) and runs intake's inspector on it with the course id
 * built from its course.xml, printing accepted or the 422 code. With OlxCoursesProbe (renderer) it tries held-out
 * real courses: {@code ./mvnw -pl publish-listener -am test -Dtest=IntakeCoursesProbe -Dsatchel.probe.dir=DIR}.
 */
class IntakeCoursesProbe {

    @Test
    void probe() throws Exception {
        List<Path> courses = io.satchel.testing.TestCourses.probeCourses();
        OlxArchiveInspector inspector = new OlxArchiveInspector(new ArchiveLimits(2L << 30, 1L << 30, 100_000, 1000,
                64L << 20, 1 << 20));
        StringBuilder out = new StringBuilder("INTAKE\n");
        Path work = Files.createTempDirectory("intake-probe");
        for (Path course : courses) {
            TarGz tar = TarGz.create().dir("course/");
            try (Stream<Path> files = Files.walk(course)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    tar.file("course/" + course.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            String result;
            try {
                Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(course.resolve("course.xml").toFile()).getDocumentElement();
                CourseKey key = CourseKey.ofCourseXml(root.getAttribute("org"), root.getAttribute("course"),
                        root.getAttribute("url_name"), root.getAttribute("slug"), root.getAttribute("name"));
                InspectedArchive a = inspector.inspect(tar.write(work.resolve(course.getFileName() + ".tar.gz")),
                        key);
                result = "accepted as " + key.courseId() + " (" + a.entries() + " entries)";
            } catch (ArchiveRejectedException e) {
                result = "422 " + e.code() + ": " + e.getMessage();
            }
            out.append("| ").append(course.getFileName()).append(" | ").append(result).append(" |\n");
        }
        System.out.println(out);
    }
}
