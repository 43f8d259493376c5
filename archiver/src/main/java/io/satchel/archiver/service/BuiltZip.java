package io.satchel.archiver.service;

import io.satchel.archiver.zip.InMemoryChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A finished zip, ready to be copied into the course zip and uploaded: its bytes in memory (small zips) or in a temp
 * file, with its size and sha256 (computed once, when it was made). Closing it frees the memory or deletes the file.
 */
public final class BuiltZip implements AutoCloseable {
    private final byte[] bytes;
    private final Path file;
    private volatile ZipDigest digest;
    private final MemoryBudget.Lease lease;

    private BuiltZip(byte[] bytes, Path file, ZipDigest digest, MemoryBudget.Lease lease) {
        this.bytes = bytes;
        this.file = file;
        this.digest = digest;
        this.lease = lease;
    }

    /** The first {@code digest.size()} bytes of {@code bytes}, held against {@code lease}. */
    static BuiltZip inMemory(byte[] bytes, ZipDigest digest, MemoryBudget.Lease lease) {
        return new BuiltZip(bytes, null, digest, lease);
    }

    static BuiltZip inFile(Path file, ZipDigest digest) {
        return new BuiltZip(null, file, digest, null);
    }

    /** Size and sha256; for a temp file built with its hashing deferred, only once {@link #hash()} ran. */
    public ZipDigest digest() {
        if (digest == null) {
            throw new IllegalStateException("zip not hashed yet");
        }
        return digest;
    }

    public boolean hashed() {
        return digest != null;
    }

    /** Hashes a temp file whose hashing was deferred (reads it back); returns the digest. */
    public ZipDigest hash() throws IOException {
        if (digest == null) {
            digest = ZipDigest.of(file);
        }
        return digest;
    }

    public boolean inMemory() {
        return bytes != null;
    }

    /** The bytes (valid up to {@code digest().size()}); only when {@link #inMemory()}. */
    byte[] bytes() {
        return bytes;
    }

    /** The temp file; only when not {@link #inMemory()}. */
    Path file() {
        return file;
    }

    /** Opens the zip to copy its entries raw. */
    public ZipFile open() throws IOException {
        if (bytes != null) {
            return ZipFile.builder().setSeekableByteChannel(new InMemoryChannel(bytes, (int) digest.size())).get();
        }
        return ZipFile.builder().setPath(file).get();
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file in the run's work dir, which is removed at the end of the run anyway
            }
        }
    }
}
