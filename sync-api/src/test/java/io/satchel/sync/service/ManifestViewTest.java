package io.satchel.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Block;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.OfflineManifest.Section;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestViewTest {
    static Block leaf(String id, long size, String... path) {
        return new Block(id, "html", id, List.of(path), new Download(null, "k/" + id, size, "s", Instant.EPOCH));
    }

    static final OfflineManifest M = new OfflineManifest("course-v1:A+B+C", "p", Instant.EPOCH, Instant.EPOCH,
            new Download(null, "k/course", 1, "s", Instant.EPOCH),
            List.of(leaf("a", 10, "ch1", "s1", "v1"), leaf("b", 20, "ch1", "s1", "v2"), leaf("c", 40, "ch1", "s2", "v3"),
                    leaf("d", 80, "ch2", "s3", "v4")),
            List.of(new Section("ch1", "C1", 70), new Section("s1", "S1", 30), new Section("s2", "S2", 40),
                    new Section("ch2", "C2", 80), new Section("s3", "S3", 80)));

    @Test
    void underASequentialKeepsItsBlocksAndTheSectionsAboveWithKeptSizes() {
        OfflineManifest v = ManifestView.under(M, "s1").orElseThrow();
        assertEquals(List.of("a", "b"), v.blocks().stream().map(Block::blockId).toList());
        assertEquals(List.of(new Section("ch1", "C1", 30), new Section("s1", "S1", 30)), v.sections());
    }

    @Test
    void underAChapterVerticalOrLeaf() {
        assertEquals(3, ManifestView.under(M, "ch1").orElseThrow().blocks().size());
        assertEquals(3, ManifestView.under(M, "ch1").orElseThrow().sections().size());
        assertEquals(List.of("b"), ManifestView.under(M, "v2").orElseThrow().blocks().stream().map(Block::blockId)
                .toList());
        assertEquals(List.of("d"), ManifestView.under(M, "d").orElseThrow().blocks().stream().map(Block::blockId)
                .toList());
    }

    @Test
    void unknownIdIsEmpty() {
        assertTrue(ManifestView.under(M, "nope").isEmpty());
    }
}
