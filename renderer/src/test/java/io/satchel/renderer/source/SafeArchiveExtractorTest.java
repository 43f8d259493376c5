package io.satchel.renderer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satchel.renderer.olx.InvalidCourseException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeArchiveExtractorTest {
    @TempDir
    Path dir;

    private Path tar(String... nameAndContent) throws IOException {
        Path target = dir.resolve("a" + System.nanoTime() + ".tar.gz");
        try (OutputStream out = Files.newOutputStream(target);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                String name = nameAndContent[i];
                if (name.startsWith("link:")) {
                    TarArchiveEntry e = new TarArchiveEntry(name.substring(5), TarConstants.LF_SYMLINK);
                    e.setLinkName(nameAndContent[i + 1]);
                    tar.putArchiveEntry(e);
                } else {
                    byte[] bytes = nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(bytes.length);
                    tar.putArchiveEntry(e);
                    tar.write(bytes);
                }
                tar.closeArchiveEntry();
            }
        }
        return target;
    }

    private String code(Path archive, long max) {
        return assertThrows(InvalidCourseException.class,
                () -> new SafeArchiveExtractor(max, 100).extract(archive, dir.resolve("out" + System.nanoTime()))).code();
    }

    @Test
    void findsTheExportRootInATopFolderOrAtTheTop() throws IOException {
        Path root = new SafeArchiveExtractor(1000, 100).extract(tar("course/course.xml", "<course/>"), dir.resolve("x"));
        assertEquals("course", root.getFileName().toString());
        Path flat = new SafeArchiveExtractor(1000, 100).extract(tar("course.xml", "<course/>"), dir.resolve("y"));
        assertEquals("y", flat.getFileName().toString());
    }

    @Test
    void refusesHostileAndBrokenArchives() throws IOException {
        assertEquals("UNSAFE_ARCHIVE", code(tar("course.xml", "x", "../evil.txt", "x"), 1000));
        assertEquals("UNSAFE_ARCHIVE", code(tar("course.xml", "x", "link:static/passwd", "/etc/passwd"), 1000));
        assertEquals("ARCHIVE_TOO_LARGE", code(tar("course.xml", "0123456789"), 5));
        assertEquals("MISSING_COURSE_XML", code(tar("a/readme.txt", "x"), 1000));
        Path broken = dir.resolve("broken.tar.gz");
        Files.writeString(broken, "this is not gzip");
        assertEquals("BROKEN_ARCHIVE", code(broken, 1000));
    }
}
