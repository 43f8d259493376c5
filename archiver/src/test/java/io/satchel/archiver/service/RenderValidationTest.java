package io.satchel.archiver.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satchel.events.CourseRendered;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderValidationTest {
    private static final String COURSE = "course-v1:A+B+C";
    private static final String OTHER = "course-v1:X+Y+Z";
    private static final String BLOCK = "block-v1:A+B+C+type@html+block@one";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00.000Z");

    private static CourseRendered event(String manifestKey) {
        return new CourseRendered("p1", COURSE, T, T, manifestKey, 1, 1, 0);
    }

    private static RenderManifest.File file(String path, String key) {
        return new RenderManifest.File(path, key, 3, "abc");
    }

    private static String page(String path) {
        return ObjectKeys.renderedPagePrefix(COURSE, BLOCK, "h") + path;
    }

    private static RenderManifest manifest(String courseId, List<RenderManifest.Block> blocks) {
        return new RenderManifest(courseId, "p1", T, T, "r1", "C", blocks, List.of());
    }

    private static RenderManifest.Block block(String id, List<RenderManifest.File> files) {
        return new RenderManifest.Block(id, "html", "One", List.of(), "h", files, null, null);
    }

    private static String code(Runnable r) {
        return assertThrows(InvalidRenderException.class, r::run).code();
    }

    @Test
    void acceptsAWellFormedRender() {
        CourseRendered e = event(ObjectKeys.renderManifest(COURSE, "p1"));
        assertDoesNotThrow(() -> RenderValidation.requireComplete(e));
        assertDoesNotThrow(() -> RenderValidation.requireValid(e, manifest(COURSE, List.of(block(BLOCK, List.of(
                file("index.html", page("index.html")), file("assets/a b.png", ObjectKeys.renderedAsset(COURSE, "s"))))))));
    }

    @Test
    void refusesEventsWithoutKeysOrPointingOutsideTheCourse() {
        assertEquals("INVALID_EVENT", code(() -> RenderValidation.requireComplete(event(null))));
        assertEquals("FOREIGN_OBJECT_KEY", code(() -> RenderValidation.requireComplete(
                event(ObjectKeys.renderManifest(OTHER, "p1")))));
        assertEquals("FOREIGN_OBJECT_KEY", code(() -> RenderValidation.requireComplete(
                event(ObjectKeys.source(COURSE, "p1")))));
    }

    @Test
    void refusesManifestsThatCannotBecomeSafeZips() {
        CourseRendered e = event(ObjectKeys.renderManifest(COURSE, "p1"));
        RenderManifest.File index = file("index.html", page("index.html"));
        assertEquals("RENDER_MANIFEST_MISMATCH", code(() -> RenderValidation.requireValid(e,
                manifest(OTHER, List.of(block(BLOCK, List.of(index)))))));
        assertEquals("INVALID_RENDER_MANIFEST", code(() -> RenderValidation.requireValid(e,
                manifest(COURSE, List.of(block(BLOCK, List.of(file("page.html", page("page.html")))))))));
        assertEquals("INVALID_RENDER_MANIFEST", code(() -> RenderValidation.requireValid(e,
                manifest(COURSE, List.of(block(BLOCK, List.of(index)), block(BLOCK, List.of(index)))))));
        for (String bad : List.of("../escape.html", "/etc/passwd", "a/../../b", "dir/", "a\\b")) {
            assertEquals("INVALID_RENDER_MANIFEST", code(() -> RenderValidation.requireValid(e,
                    manifest(COURSE, List.of(block(BLOCK, List.of(index, file(bad, page("x")))))))), bad);
        }
        assertEquals("INVALID_RENDER_MANIFEST", code(() -> RenderValidation.requireValid(e,
                manifest(COURSE, List.of(block(BLOCK, List.of(index, index)))))));
        assertEquals("FOREIGN_OBJECT_KEY", code(() -> RenderValidation.requireValid(e, manifest(COURSE, List.of(
                block(BLOCK, List.of(index, file("assets/x.png", ObjectKeys.renderedAsset(OTHER, "s")))))))));
    }
}
