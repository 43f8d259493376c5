package io.satchel.client.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a zip strictly inside one folder. Every entry name is checked before anything is written (absolute paths,
 * {@code ..}, drive letters and backslashes refused), so a hostile archive leaves no file behind, and the unpacked
 * size is capped against zip bombs.
 */
public final class SafeUnzip {

    /** Extracts {@code zip} into {@code target} (created; must not exist or be empty). */
    public static void extract(Path zip, Path target, long maxUnpackedBytes) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                resolve(root, en.nextElement().getName());
            }
            Files.createDirectories(root);
            long total = 0;
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                Path dest = resolve(root, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                try (InputStream in = zf.getInputStream(e); OutputStream out = Files.newOutputStream(dest)) {
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > maxUnpackedBytes) {
                            throw new UnsafeArchiveException(zip.getFileName() + " unpacks to more than "
                                    + maxUnpackedBytes + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            FileTree.deleteQuietly(root);
            throw e;
        }
    }

    /** The entry's destination, or an exception when it would land outside {@code root}. */
    static Path resolve(Path root, String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new UnsafeArchiveException("refused zip entry '" + name + "': not a relative path");
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root) || dest.equals(root) && !name.endsWith("/")) {
            throw new UnsafeArchiveException("refused zip entry '" + name + "': it points outside the block folder");
        }
        return dest;
    }

    private SafeUnzip() {
    }
}
