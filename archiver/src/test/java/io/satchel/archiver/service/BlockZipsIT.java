package io.satchel.archiver.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.satchel.archiver.support.RenderedCourseFixture;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.RenderManifest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import io.satchel.archiver.support.TestDirs;
import org.junit.jupiter.api.Test;

/** Block zips from real S3 inputs: the same bytes whether built in memory or in a temp file. */
@QuarkusTest
class BlockZipsIT {
    @Inject
    BlockZipBuilder builder;
    @Inject
    ObjectStore store;

    @Test
    void zipsBuiltInMemoryAndInTempFilesAreByteIdentical() throws Exception {
        Path work = TestDirs.fresh();
        byte[] video = new byte[300_000];
        new Random(5).nextBytes(video);
        RenderedCourseFixture course = new RenderedCourseFixture("course-v1:Test+Zips+r"
                + UUID.randomUUID().toString().substring(0, 8))
                .chapter("ch", "Week").sequential("s", "Seq")
                .block("html", "page", "Page", Map.of(
                        "index.html", "<p>hello</p>".repeat(5000).getBytes(StandardCharsets.UTF_8),
                        "assets/style.css", "body{color:red}".getBytes(StandardCharsets.UTF_8)))
                .block("video", "clip", "Clip", Map.of(
                        "index.html", "<video src=\"assets/clip.mp4\">".getBytes(StandardCharsets.UTF_8),
                        "assets/clip.mp4", video));
        CourseRendered event = course.render(store, "p1-" + course.courseId(), Instant.parse("2026-11-01T10:00:00Z"));
        RenderManifest render = EventJson.fromBytes(store.getBytes(event.renderManifestKey()).orElseThrow(),
                RenderManifest.class);
        MemoryBudget roomy = new MemoryBudget(64L << 20);
        MemoryBudget none = new MemoryBudget(0);
        for (RenderManifest.Block block : render.blocks()) {
            try (BuiltZip inMemory = builder.build(block, work, roomy);
                    BuiltZip inFile = builder.build(block, work, none)) {
                assertTrue(inMemory.inMemory() && inMemory.hashed());
                assertFalse(inFile.inMemory() || inFile.hashed()); // a temp file is hashed later, off the worker
                assertEquals(inFile.hash(), inMemory.digest());
                byte[] fileBytes = Files.readAllBytes(inFile.file());
                assertArrayEquals(fileBytes, Arrays.copyOf(inMemory.bytes(), (int) inMemory.digest().size()));
                assertEquals(ZipDigest.of(fileBytes, fileBytes.length), inFile.digest());
                assertTrue(roomy.reserved() > 0);
            }
            assertEquals(0, roomy.reserved()); // released when closed
        }
        try (var files = Files.list(work)) {
            assertEquals(0, files.count()); // temp files deleted when closed
        }
    }
}
