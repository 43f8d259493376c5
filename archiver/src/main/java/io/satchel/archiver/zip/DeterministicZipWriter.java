package io.satchel.archiver.zip;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Writes a zip whose bytes depend only on the entries given (names, order, bytes) and the compression level: every
 * entry gets the same DOS time (1980-02-01 00:00), no extra fields (no extended timestamps, no unix uid/gid, no
 * unicode path fields), no comment, no directory entries, UTF-8 names with the language-encoding flag, and the
 * platform/attributes fields left at zero. The file is written through a seekable channel, so sizes and CRCs sit in
 * the local headers (no data descriptors).
 *
 * <p>Entries are written in the order they are added; callers add them sorted. Deflate output is that of the JVM's
 * zlib at the given level, identical wherever the same zlib runs (the JDK bundles one on most platforms).
 *
 * <p>Output goes to a file or an in-memory channel (seekable: streamed entries get their CRC and sizes patched into
 * the local header), or to a plain stream ({@link #streaming}) when every entry's CRC and sizes are known before its
 * bytes: entries copied raw from another zip and byte arrays (compressed here first). The bytes are the same in every
 * mode, so a stream can be hashed while it is written instead of being read back.
 */
public final class DeterministicZipWriter implements Closeable {
    private static final Set<String> ALREADY_COMPRESSED = Set.of("png", "jpg", "jpeg", "gif", "webp", "avif", "ico",
            "mp4", "m4v", "webm", "mov", "mkv", "ogv", "mp3", "m4a", "aac", "ogg", "oga", "opus", "flac", "zip", "gz",
            "tgz", "bz2", "xz", "7z", "rar", "woff", "woff2", "jar", "docx", "xlsx", "pptx");

    private final ZipArchiveOutputStream out;
    private final boolean seekable;
    private final int level;
    private final Set<String> names = new HashSet<>();
    private final byte[] buffer = new byte[64 * 1024];

    /** @param level deflate level 0..9 used for compressible entries */
    public DeterministicZipWriter(Path target, int level) throws IOException {
        this(new ZipArchiveOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), true, level);
    }

    /** Writes into a seekable channel (e.g. commons-compress' SeekableInMemoryByteChannel for small zips). */
    public DeterministicZipWriter(SeekableByteChannel target, int level) {
        this(new ZipArchiveOutputStream(target), true, level);
    }

    /**
     * Writes to a plain stream, front to back with no seeking (hash it while it is written). Only entries whose CRC and
     * sizes are known up front: {@link #add(String, byte[])} and {@link #addAll}.
     */
    public static DeterministicZipWriter streaming(OutputStream target, int level) {
        return new DeterministicZipWriter(new ZipArchiveOutputStream(target), false, level);
    }

    private DeterministicZipWriter(ZipArchiveOutputStream out, boolean seekable, int level) {
        this.out = out;
        this.seekable = seekable;
        this.level = level;
        out.setEncoding("UTF-8");
        out.setUseLanguageEncodingFlag(true);
        out.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
        out.setUseZip64(Zip64Mode.AsNeeded);
        out.setLevel(level);
    }

    /**
     * The DOS time 1980-02-01 00:00 as epoch millis in this JVM's zone: zip stores local date fields and the library
     * converts through the default zone, so going through the same zone yields the same fields everywhere. A month
     * above the DOS minimum (1980-01-01), so no zone offset pushes it out of range (which would add a timestamp extra).
     */
    static long fixedEntryTime() {
        return LocalDateTime.of(1980, 2, 1, 0, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    /** File extensions (lower case) whose entries are stored, not deflated: media and archives are compressed already. */
    public static Set<String> storedExtensions() {
        return ALREADY_COMPRESSED;
    }

    /** True when an entry of this name should be deflated (media and archives are stored as they are). */
    public static boolean shouldCompress(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot < name.lastIndexOf('/') || !ALREADY_COMPRESSED.contains(name.substring(dot + 1)
                .toLowerCase(Locale.ROOT));
    }

    /**
     * Streams one entry's bytes into the zip. The size must be known beforehand: it decides up front whether the
     * entry needs a ZIP64 field (only at 4 GiB and above), so the header layout never depends on how the bytes arrive.
     */
    public void add(String name, InputStream data, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size of " + name + " unknown");
        }
        if (!seekable) {
            throw new IllegalStateException("a streamed entry needs seekable output (its CRC goes before its bytes)");
        }
        ZipArchiveEntry entry = newEntry(name);
        entry.setMethod(shouldCompress(name) ? ZipArchiveEntry.DEFLATED : ZipArchiveEntry.STORED);
        entry.setSize(size);
        out.putArchiveEntry(entry);
        int n;
        while ((n = data.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        out.closeArchiveEntry();
    }

    /**
     * Adds an entry held in memory: compressed here (same zlib stream, level and settings as {@link #add(String,
     * InputStream, long)}, so the same bytes) and written with its CRC and sizes known, which works in every mode.
     */
    public void add(String name, byte[] data) throws IOException {
        ZipArchiveEntry entry = newEntry(name);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setSize(data.length);
        byte[] stored = data;
        if (shouldCompress(name)) {
            entry.setMethod(ZipArchiveEntry.DEFLATED);
            stored = deflate(data);
        } else {
            entry.setMethod(ZipArchiveEntry.STORED);
        }
        entry.setCompressedSize(stored.length);
        out.addRawArchiveEntry(entry, new ByteArrayInputStream(stored));
    }

    private byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(level, true); // raw deflate, as zip entries hold it
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(data.length / 2 + 64);
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                compressed.write(buffer, 0, n);
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Copies every entry of another zip written by this class under {@code prefix}, without recompressing: the
     * compressed bytes, CRC and sizes are taken as they are, so the result is as deterministic as the source.
     */
    public void addAll(Path zip, String prefix) throws IOException {
        try (ZipFile source = ZipFile.builder().setPath(zip).get()) {
            addAll(source, prefix);
        }
    }

    /** {@link #addAll(Path, String)} from an open zip (e.g. one held in memory). */
    public void addAll(ZipFile source, String prefix) throws IOException {
        Enumeration<ZipArchiveEntry> entries = source.getEntriesInPhysicalOrder();
        while (entries.hasMoreElements()) {
            ZipArchiveEntry from = entries.nextElement();
            ZipArchiveEntry to = newEntry(prefix + from.getName());
            to.setMethod(from.getMethod());
            to.setCrc(from.getCrc());
            to.setSize(from.getSize());
            to.setCompressedSize(from.getCompressedSize());
            try (InputStream raw = source.getRawInputStream(from)) {
                out.addRawArchiveEntry(to, raw);
            }
        }
    }

    private ZipArchiveEntry newEntry(String name) {
        ZipEntryNames.requireSafe(name);
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate zip entry " + name);
        }
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setTime(fixedEntryTime());
        return entry;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
