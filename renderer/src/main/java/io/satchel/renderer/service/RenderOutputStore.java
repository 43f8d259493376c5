package io.satchel.renderer.service;

import io.satchel.common.storage.ObjectStore;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.renderer.render.BlockRenderer.RenderedPage;
import io.satchel.renderer.render.PageBuilder;
import io.satchel.renderer.render.PageFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a rendered page to object storage: bytes the renderer generated (index.html, satchel.json, .vtt, rewritten
 * CSS/HTML) under the block version's page prefix; course files, the stylesheet and MathJax content-addressed at
 * {@link ObjectKeys#renderedAsset}, each uploaded at most once (skipped when already stored); and the render
 * manifest. One instance per render.
 */
public class RenderOutputStore implements CourseRenderer.PageStore {
    private final ObjectStore store;
    private final String courseId;
    private final Set<String> assetsPresent = ConcurrentHashMap.newKeySet();

    /**
     * @param previous the course's blocks as last recorded: the content-addressed assets their files name are
     *                 stored already (assets are never deleted), so a republish does not ask S3 about them again
     */
    public RenderOutputStore(ObjectStore store, String courseId,
            java.util.Collection<RenderStateStore.PreviousBlock> previous) {
        this.store = store;
        this.courseId = courseId;
        String assets = ObjectKeys.renderedAsset(courseId, "");
        for (RenderStateStore.PreviousBlock block : previous) {
            for (RenderManifest.File f : block.files()) {
                if (f.key().startsWith(assets)) {
                    assetsPresent.add(f.key());
                }
            }
        }
    }

    /** Stores the render manifest of a publish at {@link ObjectKeys#renderManifest}. */
    public void storeManifest(RenderManifest manifest) {
        store.put(ObjectKeys.renderManifest(courseId, manifest.publishId()), EventJson.toBytes(manifest),
                "application/json", Map.of());
    }

    @Override
    public List<RenderManifest.File> store(RenderedPage page) {
        String prefix = ObjectKeys.renderedPagePrefix(courseId, page.block().blockId(), page.contentHash());
        List<RenderManifest.File> out = new ArrayList<>();
        for (PageFile f : page.files()) {
            String key;
            if (f.generated()) {
                key = prefix + f.path();
                store.put(key, f.bytes(), contentType(f.path()), Map.of());
            } else {
                key = ObjectKeys.renderedAsset(courseId, f.sha256());
                storeAsset(key, f);
            }
            out.add(new RenderManifest.File(f.path(), key, f.size(), f.sha256()));
        }
        return out;
    }

    private void storeAsset(String key, PageFile f) {
        if (assetsPresent.contains(key)) {
            return;
        }
        synchronized (internKey(key)) {
            if (assetsPresent.contains(key) || store.exists(key)) {
                assetsPresent.add(key);
                return;
            }
            try (InputStream in = f.file() != null ? java.nio.file.Files.newInputStream(f.file())
                    : PageBuilder.open(f.resource())) {
                store.put(key, in, f.size(), contentType(f.path()), Map.of("sha256", f.sha256()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assetsPresent.add(key);
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object internKey(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    static String contentType(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String ext = p.substring(p.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "vtt" -> "text/vtt; charset=utf-8";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "svg" -> "image/svg+xml";
            case "webp" -> "image/webp";
            case "woff" -> "font/woff";
            case "woff2" -> "font/woff2";
            case "ttf" -> "font/ttf";
            case "mp4" -> "video/mp4";
            case "webm" -> "video/webm";
            case "mp3" -> "audio/mpeg";
            case "pdf" -> "application/pdf";
            case "srt" -> "application/x-subrip";
            default -> "application/octet-stream";
        };
    }
}
