package io.satchel.client.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satchel.client.store.LocalStore;
import io.satchel.client.store.ProgressState;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCalculatorTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final String OTHER = "course-v1:Other+X+1";
    private static final String NEVER_DOWNLOADED = "course-v1:Server+Only+1";
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path home;

    @Test
    void mergesEnrollmentsWithUnsyncedLocalProgressOverTheCachedManifest() {
        try (LocalStore store = LocalStore.open(home.resolve("satchel.db"))) {
            store.saveEnrollments("{\"enrollments\":[{\"courseId\":\"" + C + "\",\"batchId\":\"b\",\"completedCount\":0,"
                    + "\"leafCount\":3,\"completionPercentage\":0},{\"courseId\":\"" + NEVER_DOWNLOADED
                    + "\",\"batchId\":\"b\",\"completedCount\":1,\"leafCount\":4,\"completionPercentage\":25}]}",
                    "\"e\"", T);
            store.saveManifest(C, EventJson.toString(manifest(C, 3)), "\"m\"", T);
            store.mergeProgress(new ProgressState(C, leaf(C, 0), "b", 2, 100, T, T));
            store.mergeProgress(new ProgressState(C, leaf(C, 1), "b", 1, 90, T, null)); // not completed
            store.mergeProgress(new ProgressState(C, "block-v1:not-a-leaf-any-more", "b", 2, 100, T, T));
            store.enqueue("e1", C, leaf(C, 0), "{}", T);
            store.enqueue("e2", OTHER, leaf(OTHER, 0), "{}", T); // not enrolled (yet): still listed
            store.mergeProgress(new ProgressState(OTHER, leaf(OTHER, 0), null, 2, 100, T, T));

            List<CourseCompletion> courses = new CompletionCalculator(store).courses();
            assertEquals(List.of(
                    new CourseCompletion(C, 33, 1, 3, 1),
                    new CourseCompletion(NEVER_DOWNLOADED, 25, 1, 4, 0),
                    new CourseCompletion(OTHER, 0, 0, 0, 1)), courses);
        }
    }

    @Test
    void percentageIsFloored() {
        assertEquals(66, CompletionCalculator.percentage(2, 3));
        assertEquals(99, CompletionCalculator.percentage(199, 200));
        assertEquals(100, CompletionCalculator.percentage(7, 7));
        assertEquals(0, CompletionCalculator.percentage(0, 0));
    }

    private static String leaf(String course, int i) {
        return "block-v1:" + course.substring("course-v1:".length()) + "+type@html+block@b" + i;
    }

    private static OfflineManifest manifest(String course, int leaves) {
        List<OfflineManifest.Block> blocks = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
            blocks.add(new OfflineManifest.Block(leaf(course, i), "html", "b" + i, List.of("ch", "seq", "v"),
                    new OfflineManifest.Download("http://x/" + i, null, 1, "ab".repeat(32), T)));
        }
        return new OfflineManifest(course, null, T, T, null, blocks, List.of());
    }
}
