package io.satchel.archiver.service;

import io.satchel.archiver.zip.ZipEntryNames;
import io.satchel.events.CourseRendered;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import java.util.HashSet;
import java.util.Set;

/** Checks an event and its render manifest before any archive is built; every problem is an InvalidRenderException. */
final class RenderValidation {

    static void requireComplete(CourseRendered event) {
        if (event.publishId() == null || event.publishId().isBlank() || event.renderManifestKey() == null) {
            throw new InvalidRenderException("INVALID_EVENT", "course.rendered lacks publishId or renderManifestKey");
        }
        requireOwnKey(event.courseId(), event.renderManifestKey());
    }

    static void requireValid(CourseRendered event, RenderManifest render) {
        if (!event.courseId().equals(render.courseId())
                || (render.publishId() != null && !event.publishId().equals(render.publishId()))) {
            throw new InvalidRenderException("RENDER_MANIFEST_MISMATCH", "render manifest " + event.renderManifestKey()
                    + " is for " + render.courseId() + " / " + render.publishId());
        }
        if (render.blocks() == null) {
            throw new InvalidRenderException("INVALID_RENDER_MANIFEST", "render manifest lists no blocks");
        }
        Set<String> blockIds = new HashSet<>();
        for (RenderManifest.Block block : render.blocks()) {
            if (block.blockId() == null || !blockIds.add(block.blockId())) {
                throw new InvalidRenderException("INVALID_RENDER_MANIFEST", "missing or repeated block id " + block.blockId());
            }
            if (block.files() == null || block.files().stream().noneMatch(f -> "index.html".equals(f.path()))) {
                throw new InvalidRenderException("INVALID_RENDER_MANIFEST", block.blockId() + " has no index.html");
            }
            Set<String> paths = new HashSet<>();
            for (RenderManifest.File f : block.files()) {
                if (!ZipEntryNames.isSafe(f.path()) || !paths.add(f.path()) || f.size() < 0) {
                    throw new InvalidRenderException("INVALID_RENDER_MANIFEST",
                            block.blockId() + " has an unsafe, repeated or unsized file path " + f.path());
                }
                requireOwnKey(event.courseId(), f.key());
            }
        }
    }

    /** Inputs must come from the course's own rendered/ area: a forged event cannot pack other objects into a zip. */
    private static void requireOwnKey(String courseId, String key) {
        if (!ObjectKeys.isInCourseArea("rendered", courseId, key)) {
            throw new InvalidRenderException("FOREIGN_OBJECT_KEY", "object key outside the course's rendered files: " + key);
        }
    }

    private RenderValidation() {
    }
}
