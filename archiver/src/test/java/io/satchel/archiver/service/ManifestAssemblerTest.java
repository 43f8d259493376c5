package io.satchel.archiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.RenderManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestAssemblerTest {
    private static final String C = "course-v1:A+B+C";
    private static final String CH1 = "block-v1:A+B+C+type@chapter+block@ch1";
    private static final String CH2 = "block-v1:A+B+C+type@chapter+block@ch2";
    private static final String SQ1 = "block-v1:A+B+C+type@sequential+block@s1";
    private static final String SQ2 = "block-v1:A+B+C+type@sequential+block@s2";
    private static final String SQ3 = "block-v1:A+B+C+type@sequential+block@s3";
    private static final String V = "block-v1:A+B+C+type@vertical+block@v";

    private static OfflineManifest.Block block(String id, List<String> path, long size, Instant lastModified) {
        return new OfflineManifest.Block(id, "html", id, path, new Download(null, "k/" + id, size, "sha-" + id,
                lastModified));
    }

    @Test
    void sectionTotalsSumTheBlockZipsBelowEachSectionInCourseOrder() {
        Instant t = Instant.parse("2026-01-01T00:00:00.000Z");
        List<OfflineManifest.Block> blocks = List.of(
                block("b1", List.of(CH1, SQ1, V), 100, t),
                block("b2", List.of(CH1, SQ1, V), 20, t),
                block("b3", List.of(CH1, SQ2, V), 3, t),
                block("b4", List.of(CH2, SQ3, V), 4000, t));
        List<RenderManifest.Section> sections = List.of(
                new RenderManifest.Section(CH1, "chapter", "One", List.of()),
                new RenderManifest.Section(SQ1, "sequential", "One.1", List.of(CH1)),
                new RenderManifest.Section(SQ2, "sequential", "One.2", List.of(CH1)),
                new RenderManifest.Section(CH2, "chapter", "Two", List.of()),
                new RenderManifest.Section(SQ3, "sequential", "Two.1", List.of(CH2)));
        List<OfflineManifest.Section> out = ManifestAssembler.sections(sections, blocks);
        assertEquals(List.of(new OfflineManifest.Section(CH1, "One", 123), new OfflineManifest.Section(SQ1, "One.1", 120),
                new OfflineManifest.Section(SQ2, "One.2", 3), new OfflineManifest.Section(CH2, "Two", 4000),
                new OfflineManifest.Section(SQ3, "Two.1", 4000)), out);
    }

    @Test
    void courseZipManifestUsesRelativeUrlsAndContentDerivedTime() {
        Instant published = Instant.parse("2026-02-01T00:00:00.000Z");
        Instant older = Instant.parse("2026-01-01T00:00:00.000Z");
        Instant newer = Instant.parse("2026-03-01T00:00:00.000Z");
        String id = "block-v1:A+B+C+type@html+block@x:y";
        OfflineManifest m = ManifestAssembler.insideCourseZip(C, published,
                List.of(block(id, List.of(CH1, SQ1, V), 5, older), block("b2", List.of(CH1, SQ1, V), 6, newer)),
                List.of());
        assertNull(m.course());
        assertNull(m.publishId());
        assertEquals(newer, m.generatedAt());
        Download d = m.blocks().get(0).offlineDownload();
        assertEquals("block-v1~3AA~2BB~2BC~2Btype~40html~2Bblock~40x~3Ay/index.html", d.fileUrl());
        assertNull(d.objectKey());
        assertEquals("sha-" + id, d.sha256());
        assertEquals(older, d.lastModified());
    }
}
