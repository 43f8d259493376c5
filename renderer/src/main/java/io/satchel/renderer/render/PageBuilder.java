package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Collects the files of one block page while it is rendered, plus the inputs its content hash covers. */
public final class PageBuilder {
    /** sha256 and size of classpath resources, computed once per JVM. */
    private static final Map<String, String[]> RESOURCE_INFO = new ConcurrentHashMap<>();

    private final CourseContext ctx;
    private final OlxNode block;
    private final Map<String, PageFile> files = new TreeMap<>();
    private final Set<String> missing = new LinkedHashSet<>();
    private final List<String> sources = new ArrayList<>();

    public PageBuilder(CourseContext ctx, OlxNode block) {
        this.ctx = ctx;
        this.block = block;
    }

    public CourseContext ctx() {
        return ctx;
    }

    public OlxNode block() {
        return block;
    }

    public boolean has(String path) {
        return files.containsKey(path);
    }

    /** Records OLX/HTML text the page is made from (part of the content hash). */
    public void source(String text) {
        sources.add(text);
    }

    public void generated(String path, byte[] bytes) {
        files.put(path, new PageFile(path, Digests.sha256(bytes), bytes.length, bytes, null, null));
    }

    public void generated(String path, String text) {
        generated(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public void courseFile(String path, Path file) {
        try {
            files.put(path, new PageFile(path, ctx.files().sha256(file), Files.size(file), null, file, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void externalFile(String path, Path file) {
        try {
            files.put(path, new PageFile(path, Digests.sha256(file), Files.size(file), null, file, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void resource(String path, String resource) {
        String[] info = RESOURCE_INFO.computeIfAbsent(resource, r -> {
            try (InputStream in = open(r)) {
                byte[] all = in.readAllBytes();
                return new String[] {Digests.sha256(all), Long.toString(all.length)};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        files.put(path, new PageFile(path, info[0], Long.parseLong(info[1]), null, null, resource));
    }

    public static InputStream open(String resource) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = PageBuilder.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IOException("missing resource " + resource);
        }
        return in;
    }

    public void missing(String reference) {
        missing.add(reference);
    }

    public List<String> missingAssets() {
        return List.copyOf(missing);
    }

    public List<PageFile> files() {
        return List.copyOf(files.values());
    }

    /** sha256 over the renderer version, the page's sources and every file (path + bytes hash), in path order. */
    public String contentHash(String rendererVersion) {
        var md = Digests.sha256();
        md.update(("satchel-renderer " + rendererVersion + "\n" + block.blockId() + "\n" + block.displayName() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String s : sources) {
            md.update(Digests.sha256(s.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        }
        for (PageFile f : files.values()) {
            md.update((f.path() + "\0" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Digests.hex(md.digest());
    }
}
