package io.satchel.publish.service;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An export written to a temp file as it arrives (never held in memory), with its sha256 and size computed on the
 * way. {@link #close()} deletes the file.
 */
public final class SpooledSource implements AutoCloseable {
    /** Name prefix of every spool file (stale ones are removed at start: {@code SourceReceiver#spoolArea}). */
    public static final String PREFIX = "olx-";

    private final Path file;
    private final MessageDigest digest;
    private final OutputStream sink;
    private long size;
    private String sha256;

    private SpooledSource(Path file) throws IOException {
        this.file = file;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024),
                digest);
        this.sink = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream would write byte by byte
                size += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                size++;
            }
        };
    }

    /** A new empty spool file in {@code dir}. */
    public static SpooledSource create(Path dir) {
        try {
            Files.createDirectories(dir);
            return new SpooledSource(Files.createTempFile(dir, PREFIX, ".tar.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file in " + dir, e);
        }
    }

    /** Where the bytes go; {@link #seal()} once they are all written. */
    public OutputStream sink() {
        return sink;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    public void seal() throws IOException {
        sink.close();
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    public Path file() {
        return file;
    }

    /** Hex sha256 of the whole file, after {@link #seal()}. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("not sealed");
        }
        return sha256;
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (IOException ignored) {
            // closing a half-written spool file: it is deleted next
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
