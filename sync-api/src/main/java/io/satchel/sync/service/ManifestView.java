package io.satchel.sync.service;

import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Block;
import io.satchel.events.OfflineManifest.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The part of a manifest below one block ({@code ?under=}); pure, so it is unit-tested on its own. */
public final class ManifestView {

    /**
     * Blocks whose path contains {@code under} (or that are {@code under}), in course order; sections that are above
     * or below it and still hold a kept block, with totalSize summed over the kept blocks only.
     *
     * @return empty when {@code under} names no chapter, sequential, vertical or leaf of the manifest
     */
    public static Optional<OfflineManifest> under(OfflineManifest m, String under) {
        List<Block> kept = new ArrayList<>();
        boolean known = false;
        for (Block b : m.blocks()) {
            boolean below = b.blockId().equals(under) || (b.path() != null && b.path().contains(under));
            if (below) {
                kept.add(b);
                known = true;
            }
        }
        List<Section> allSections = m.sections() == null ? List.of() : m.sections();
        known |= allSections.stream().anyMatch(s -> s.blockId().equals(under));
        if (!known) {
            return Optional.empty();
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Block b : kept) {
            if (b.path() != null) {
                long size = b.offlineDownload() == null ? 0 : b.offlineDownload().fileSize();
                b.path().forEach(id -> sizes.merge(id, size, Long::sum));
            }
        }
        List<Section> sections = new ArrayList<>();
        for (Section s : allSections) {
            Long size = sizes.get(s.blockId());
            if (size != null) {
                sections.add(new Section(s.blockId(), s.displayName(), size));
            }
        }
        return Optional.of(new OfflineManifest(m.courseId(), m.publishId(), m.publishedAt(), m.generatedAt(), m.course(),
                kept, sections));
    }

    private ManifestView() {
    }
}
