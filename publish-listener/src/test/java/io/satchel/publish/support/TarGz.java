package io.satchel.publish.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds tar.gz exports in tests, including the malicious ones (names and link types are written as given). */
public final class TarGz {
    private interface Part {
        void writeTo(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Part> parts = new ArrayList<>();

    public static TarGz create() {
        return new TarGz();
    }

    /**
     * A minimal valid course: course.xml naming org/course/run, the course body, one chapter with an html block,
     * under {@code topFolder} (or at the root when null).
     */
    public static TarGz course(String org, String course, String run, String topFolder) {
        String p = topFolder == null ? "" : topFolder + "/";
        TarGz t = create();
        if (topFolder != null) {
            t.dir(topFolder + "/");
        }
        return t.file(p + "course.xml", "<course url_name=\"" + run + "\" org=\"" + org + "\" course=\"" + course
                        + "\"/>\n")
                .file(p + "course/" + run + ".xml", "<course display_name=\"Tiny\"><chapter url_name=\"ch1\"/></course>\n")
                .file(p + "chapter/ch1.xml", "<chapter display_name=\"One\"><html url_name=\"intro\"/></chapter>\n")
                .file(p + "html/intro.html", "<p>Hello offline world.</p>\n");
    }

    public TarGz file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarGz file(String name, byte[] content) {
        parts.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarGz dir(String name) {
        parts.add(tar -> {
            tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true));
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file of {@code size} zero bytes (compresses about 1000:1). */
    public TarGz zeros(String name, long size) {
        return filled(name, size, null);
    }

    /** A file of {@code size} random bytes (does not compress). */
    public TarGz random(String name, long size) {
        return filled(name, size, new Random(size));
    }

    private TarGz filled(String name, long size, Random random) {
        parts.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] buf = new byte[64 * 1024];
            for (long left = size; left > 0; left -= buf.length) {
                if (random != null) {
                    random.nextBytes(buf);
                }
                tar.write(buf, 0, (int) Math.min(buf.length, left));
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarGz symlink(String name, String target) {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    public TarGz hardlink(String name, String target) {
        return link(name, target, TarConstants.LF_LINK);
    }

    public TarGz fifo(String name) {
        parts.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    private TarGz link(String name, String target, byte type) {
        parts.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out);
        return out.toByteArray();
    }

    public Path write(Path target) {
        try (OutputStream out = Files.newOutputStream(target)) {
            writeTo(out);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tar stream without gzip (for the "not gzip" case). */
    public byte[] plainTar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = tarOf(out)) {
            for (Part p : parts) {
                p.writeTo(tar);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeTo(OutputStream out) {
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = tarOf(gz)) {
            for (Part p : parts) {
                p.writeTo(tar);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TarArchiveOutputStream tarOf(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }
}
