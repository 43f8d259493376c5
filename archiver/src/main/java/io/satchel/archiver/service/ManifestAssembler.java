package io.satchel.archiver.service;

import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.RenderManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the offline manifest (stored in S3) and its copy inside the course zip from the archived blocks. */
public final class ManifestAssembler {

    /** Every chapter and sequential of the render, in course order, with the summed zip size of the blocks below it. */
    public static List<OfflineManifest.Section> sections(List<RenderManifest.Section> sections,
            List<OfflineManifest.Block> blocks) {
        List<OfflineManifest.Section> out = new ArrayList<>();
        for (RenderManifest.Section s : sections == null ? List.<RenderManifest.Section>of() : sections) {
            long total = 0;
            for (OfflineManifest.Block b : blocks) {
                if (b.path() != null && b.path().contains(s.blockId())) {
                    total += b.offlineDownload().fileSize();
                }
            }
            out.add(new OfflineManifest.Section(s.blockId(), s.displayName(), total));
        }
        return out;
    }

    /**
     * The {@code manifest.json} inside the course zip: the contract's structure without the course entry, each block's
     * fileUrl relative to the zip root ({@code <segment>/index.html}), sizes and sha256 of the block zips (so a client
     * can compare with the live manifest later), and generatedAt = the newest block lastModified. Everything in it
     * is derived from the input, so the same render gives the same course zip bytes.
     */
    public static OfflineManifest insideCourseZip(String courseId, Instant publishedAt,
            List<OfflineManifest.Block> blocks, List<OfflineManifest.Section> sections) {
        Instant newest = publishedAt;
        List<OfflineManifest.Block> relative = new ArrayList<>(blocks.size());
        for (OfflineManifest.Block b : blocks) {
            Download d = b.offlineDownload();
            if (d.lastModified().isAfter(newest)) {
                newest = d.lastModified();
            }
            relative.add(new OfflineManifest.Block(b.blockId(), b.type(), b.displayName(), b.path(),
                    new Download(ObjectKeys.segment(b.blockId()) + "/index.html", null, d.fileSize(), d.sha256(),
                            d.lastModified())));
        }
        return new OfflineManifest(courseId, null, publishedAt, newest, null, relative, sections);
    }

    private ManifestAssembler() {
    }
}
