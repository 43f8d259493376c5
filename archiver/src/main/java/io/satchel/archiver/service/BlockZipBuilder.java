package io.satchel.archiver.service;

import io.satchel.common.io.CountingInputStream;

import io.satchel.archiver.config.ArchiverConfig;
import io.satchel.archiver.zip.DeterministicZipWriter;
import io.satchel.events.RenderManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;

/** Builds one block's zip from its rendered files, streamed from object storage in path order. */
@ApplicationScoped
public class BlockZipBuilder {
    /** Bump when the zip layout or writer changes: it is part of every block's input hash. */
    static final String FORMAT = "satchel-block-zip-1";

    private final ArchiveStorage storage;
    private final ArchiverConfig config;

    BlockZipBuilder(ArchiveStorage storage, ArchiverConfig config) {
        this.storage = storage;
        this.config = config;
    }

    /** Writes the block's zip to {@code target}; each file's size and sha256 are checked against the manifest. */
    public ZipDigest build(RenderManifest.Block block, Path target) throws IOException {
        try (DeterministicZipWriter zip = new DeterministicZipWriter(target, config.compressionLevel())) {
            for (RenderManifest.File file : sorted(block.files())) {
                try (DigestInputStream in = new DigestInputStream(storage.openRenderedFile(file.key()),
                        ZipDigest.newSha256()); CountingInputStream counted = new CountingInputStream(in)) {
                    zip.add(file.path(), counted, file.size());
                    String sha = ZipDigest.hex(in.getMessageDigest().digest());
                    if (counted.count() != file.size() || (file.sha256() != null && !file.sha256().equals(sha))) {
                        throw new InvalidRenderException("RENDERED_FILE_MISMATCH", "rendered file " + file.key()
                                + " of " + block.blockId() + " does not match its size/sha256 in the manifest");
                    }
                }
            }
        }
        return ZipDigest.of(target);
    }

    /**
     * Hash of what determines the zip bytes (format and level, file paths, sizes and content hashes). Equal to the live
     * block's ⇒ the live archive is this block's archive, without rebuilding it.
     */
    public String inputHash(RenderManifest.Block block) {
        MessageDigest md = ZipDigest.newSha256();
        md.update((FORMAT + " level " + config.compressionLevel() + "\n").getBytes(StandardCharsets.UTF_8));
        for (RenderManifest.File f : sorted(block.files())) {
            md.update((f.path() + "\0" + f.size() + "\0" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return ZipDigest.hex(md.digest());
    }

    static List<RenderManifest.File> sorted(List<RenderManifest.File> files) {
        return files.stream().sorted(Comparator.comparing(RenderManifest.File::path)).toList();
    }
}
