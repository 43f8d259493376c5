package io.satchel.archiver.support;

import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseKey;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the renderer in tests: writes a course's rendered page files and its RenderManifest to object storage, the way
 * the contract lays them out (assets content-addressed, page files under the block's content-hash prefix), and returns
 * the course.rendered event that names it.
 */
public final class RenderedCourseFixture {
    private final String courseId;
    private final CourseKey key;
    private final List<RenderManifest.Section> sections = new ArrayList<>();
    private final List<BlockSpec> blocks = new ArrayList<>();
    private String chapter;
    private String sequential;
    private String vertical;

    /** Files by zip path; a value is the bytes (byte[]) or a local file (Path) streamed to storage. */
    private record BlockSpec(String blockId, String type, String displayName, List<String> path,
            Map<String, Object> files) {
    }

    public RenderedCourseFixture(String courseId) {
        this.courseId = courseId;
        this.key = CourseKey.parse(courseId);
    }

    public String courseId() {
        return courseId;
    }

    public String blockId(String type, String urlName) {
        return key.blockId(type, urlName);
    }

    public RenderedCourseFixture chapter(String urlName, String displayName) {
        chapter = key.blockId("chapter", urlName);
        sections.add(new RenderManifest.Section(chapter, "chapter", displayName, List.of()));
        return this;
    }

    public RenderedCourseFixture sequential(String urlName, String displayName) {
        sequential = key.blockId("sequential", urlName);
        sections.add(new RenderManifest.Section(sequential, "sequential", displayName, List.of(chapter)));
        vertical = key.blockId("vertical", urlName + "-v");
        return this;
    }

    /** A leaf block under the current sequential; files by zip path (must include "index.html"). */
    public RenderedCourseFixture block(String type, String urlName, String displayName, Map<String, byte[]> files) {
        blocks.add(new BlockSpec(key.blockId(type, urlName), type, displayName, List.of(chapter, sequential, vertical),
                new LinkedHashMap<>(files)));
        return this;
    }

    /** A leaf block whose files are local files (large inputs are streamed, never held in memory). */
    public RenderedCourseFixture blockFromFiles(String type, String urlName, String displayName,
            Map<String, Path> files) {
        blocks.add(new BlockSpec(key.blockId(type, urlName), type, displayName, List.of(chapter, sequential, vertical),
                new LinkedHashMap<>(files)));
        return this;
    }

    /** Replaces the files of an existing block (a changed block in a later publish). */
    public RenderedCourseFixture change(String blockId, Map<String, byte[]> files) {
        for (int i = 0; i < blocks.size(); i++) {
            BlockSpec b = blocks.get(i);
            if (b.blockId().equals(blockId)) {
                blocks.set(i, new BlockSpec(b.blockId(), b.type(), b.displayName(), b.path(), new LinkedHashMap<>(files)));
                return this;
            }
        }
        throw new IllegalArgumentException("no block " + blockId);
    }

    public RenderedCourseFixture remove(String blockId) {
        if (!blocks.removeIf(b -> b.blockId().equals(blockId))) {
            throw new IllegalArgumentException("no block " + blockId);
        }
        return this;
    }

    /** Writes every file and the RenderManifest of this publish; returns its course.rendered event. */
    public CourseRendered render(ObjectStore store, String publishId, Instant publishedAt) {
        List<RenderManifest.Block> manifestBlocks = new ArrayList<>();
        for (BlockSpec b : blocks) {
            Map<String, String> shas = new LinkedHashMap<>();
            b.files().forEach((path, data) -> shas.put(path, sha256Of(data)));
            String contentHash = contentHash(shas);
            List<RenderManifest.File> files = new ArrayList<>();
            List<String> missing = null;
            for (Map.Entry<String, Object> f : b.files().entrySet()) {
                String sha = shas.get(f.getKey());
                String objectKey = f.getKey().startsWith("assets/") ? ObjectKeys.renderedAsset(courseId, sha)
                        : ObjectKeys.renderedPagePrefix(courseId, b.blockId(), contentHash) + f.getKey();
                long size;
                if (f.getValue() instanceof byte[] bytes) {
                    size = bytes.length;
                    if (!store.exists(objectKey)) {
                        store.put(objectKey, bytes, "application/octet-stream", Map.of());
                    }
                } else {
                    Path file = (Path) f.getValue();
                    size = sizeOf(file);
                    if (!store.exists(objectKey)) {
                        store.put(objectKey, file, "application/octet-stream", Map.of());
                    }
                }
                files.add(new RenderManifest.File(f.getKey(), objectKey, size, sha));
                if (f.getKey().equals("satchel.json")) {
                    missing = List.of("/static/missing.png");
                }
            }
            manifestBlocks.add(new RenderManifest.Block(b.blockId(), b.type(), b.displayName(), b.path(), contentHash,
                    files, missing, null));
        }
        Instant renderedAt = publishedAt.plusMillis(500);
        RenderManifest manifest = new RenderManifest(courseId, publishId, publishedAt, renderedAt, "fixture-1",
                "Fixture course", manifestBlocks, List.copyOf(sections));
        String manifestKey = ObjectKeys.renderManifest(courseId, publishId);
        store.put(manifestKey, EventJson.toBytes(manifest), "application/json", Map.of());
        return new CourseRendered(publishId, courseId, publishedAt, renderedAt, manifestKey, blocks.size(),
                blocks.size(), 0);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic pseudo-random bytes (incompressible, like an image). */
    public static byte[] binary(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentHash(Map<String, String> shas) {
        StringBuilder s = new StringBuilder();
        shas.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return sha256(utf8(s.toString()));
    }

    private static String sha256Of(Object data) {
        if (data instanceof byte[] bytes) {
            return sha256(bytes);
        }
        try (InputStream in = Files.newInputStream((Path) data)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
