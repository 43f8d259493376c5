package io.satchel.archiver.service;

import io.satchel.archiver.config.ArchiverConfig;
import io.satchel.archiver.zip.DeterministicZipWriter;
import io.satchel.archiver.zip.InMemoryChannel;
import io.satchel.common.io.CountingInputStream;
import io.satchel.events.RenderManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    /**
     * Builds the block's zip, in memory when it fits {@code budget}, else in a temp file under {@code work}; each file's
     * size and sha256 are checked against the manifest as it streams through. The zip's own sha256 is taken once: here
     * over the bytes in memory, or later by {@link BuiltZip#hash()} reading the temp file back (its local headers are
     * patched after their entry, so it cannot be hashed while written).
     */
    public BuiltZip build(RenderManifest.Block block, Path work, MemoryBudget budget) throws IOException {
        long estimate = zipSizeBound(block);
        MemoryBudget.Lease lease = budget.tryReserve(estimate);
        if (lease != null) {
            try {
                InMemoryChannel channel = new InMemoryChannel((int) estimate);
                try (DeterministicZipWriter zip = new DeterministicZipWriter(channel, config.compressionLevel())) {
                    addFiles(block, zip);
                }
                byte[] bytes = channel.array();
                return BuiltZip.inMemory(bytes, ZipDigest.of(bytes, (int) channel.size()), lease);
            } catch (IOException | RuntimeException e) {
                lease.close();
                throw e;
            }
        }
        Path file = Files.createTempFile(work, "block-", ".zip");
        try {
            try (DeterministicZipWriter zip = new DeterministicZipWriter(file, config.compressionLevel())) {
                addFiles(block, zip);
            }
            // hashed later, off this thread (BuiltZip.hash): reading a big zip back must not hold up the course zip
            return BuiltZip.inFile(file, null);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void addFiles(RenderManifest.Block block, DeterministicZipWriter zip) throws IOException {
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

    /**
     * An upper bound of the zip's size: every file stored (deflate adds at most a few bytes per 16 KiB block to bytes
     * it cannot shrink), plus local and central headers with the name twice, plus the end record.
     */
    static long zipSizeBound(RenderManifest.Block block) {
        long bound = 22 + 64;
        for (RenderManifest.File f : block.files()) {
            long name = f.path().getBytes(StandardCharsets.UTF_8).length;
            bound += f.size() + f.size() / 1024 + 16 + 30 + 46 + 2 * name + 64;
        }
        return bound;
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
