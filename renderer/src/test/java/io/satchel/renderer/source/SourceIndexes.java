package io.satchel.renderer.source;

import io.satchel.common.archive.TarEntries;
import io.satchel.common.io.CountingInputStream;
import io.satchel.events.SourceIndex;
import io.satchel.events.archive.ArchiveEntries;
import io.satchel.renderer.render.Digests;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Test support: the {@link SourceIndex} of a tar.gz, computed as the publish-listener computes it while it inspects
 * an upload (one streaming pass; each file's compressed end is the compressed bytes read when its last byte came
 * out; names normalized by the entry policy), so tests and the benchmark can store a snapshot the way the publish-listener does.
 */
public final class SourceIndexes {
    public static SourceIndex of(byte[] tarGz, String sourceKey) {
        List<String> folders = new ArrayList<>();
        List<SourceIndex.Entry> files = new ArrayList<>();
        CountingInputStream compressed = new CountingInputStream(new BufferedInputStream(
                new ByteArrayInputStream(tarGz), 64 * 1024));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(compressed, true))) {
            byte[] buf = new byte[64 * 1024];
            ArchiveEntries policy = new ArchiveEntries();
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = TarEntries.accept(policy, e);
                if (name.isEmpty()) {
                    continue;
                }
                if (e.isDirectory()) {
                    folders.add(name);
                    continue;
                }
                MessageDigest md = Digests.sha256();
                long size = 0;
                int n;
                while ((n = tar.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    size += n;
                }
                files.add(new SourceIndex.Entry(name, size, Digests.hex(md.digest()), compressed.count()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new SourceIndex(sourceKey, Digests.sha256(tarGz), tarGz.length, folders, files);
    }

    private SourceIndexes() {
    }
}
