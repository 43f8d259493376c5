package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Set<String> dependencies = new java.util.TreeSet<>();
    private final String htmlContent;

    /** @param htmlContent the HTML of an html block (null for other types) */
    public PageBuilder(CourseContext ctx, OlxNode block, String htmlContent) {
        this.ctx = ctx;
        this.block = block;
        this.htmlContent = htmlContent;
    }

    public String htmlContent() {
        return htmlContent;
    }

    // Every lookup outside the block's OLX goes through these, so the content hash can cover exactly what the page
    // depends on (see ContentHash): course files found or not found, pages of other blocks, external URLs.

    /** A course file named by an asset key or /static/ name (loose match, see CourseFiles#assetByKeyName). */
    public Optional<Path> asset(String name) {
        dependencies.add(ContentHash.ASSET + name);
        return ctx.files().assetByKeyName(name);
    }

    /** A course file by its exact path inside static/. */
    public Optional<Path> staticFile(String relative) {
        dependencies.add(ContentHash.STATIC + relative);
        return ctx.files().staticFile(relative);
    }

    /** The block whose page shows the block with this url_name. */
    public Optional<String> pageOf(String urlName) {
        dependencies.add(ContentHash.PAGE + urlName);
        return ctx.course().pageOf(urlName);
    }

    public Optional<Path> external(String url) {
        dependencies.add(ContentHash.EXTERNAL + url);
        return ctx.external().fetch(url);
    }

    public Set<String> dependencies() {
        return Set.copyOf(dependencies);
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
}
