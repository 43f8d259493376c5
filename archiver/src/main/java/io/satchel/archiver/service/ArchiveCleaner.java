package io.satchel.archiver.service;

import io.satchel.archiver.model.LiveBlock;
import io.satchel.archiver.model.LiveCourse;
import io.satchel.events.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Removes block and course zips of a course that its live manifest no longer references (deleted blocks, replaced
 * versions). Runs only after the new manifest is live and announced. Offline manifests themselves are kept: they are
 * small, immutable, and a consumer that lags behind can still read the one it was told about.
 */
@ApplicationScoped
public class ArchiveCleaner {
    private static final Logger LOG = Logger.getLogger(ArchiveCleaner.class);

    private final ArchiveState state;
    private final ArchiveStorage storage;

    ArchiveCleaner(ArchiveState state, ArchiveStorage storage) {
        this.state = state;
        this.storage = storage;
    }

    /** Returns the number of deleted objects; failures are logged and left for the next publish's cleanup. */
    public int removeUnreferenced(String courseId) {
        Optional<LiveCourse> live = state.liveCourse(courseId);
        if (live.isEmpty()) {
            return 0;
        }
        Set<String> keep = new HashSet<>();
        keep.add(live.get().courseObjectKey);
        state.liveBlocks(courseId).values().forEach((LiveBlock b) -> keep.add(b.objectKey));
        String prefix = ObjectKeys.archivesPrefix(courseId);
        return remove(courseId, keep, () -> storage.list(prefix + "blocks/"));
    }

    /**
     * The same right after a run made {@code keep} live: the block archives to consider are those listed when the run
     * started ({@code blockArchivesBefore}; whatever the run added since is in {@code keep}), which saves listing the
     * course's block archives, one object per block, a second time.
     */
    public int removeUnreferenced(String courseId, Set<String> keep, Set<String> blockArchivesBefore) {
        return remove(courseId, keep, () -> List.copyOf(blockArchivesBefore));
    }

    private int remove(String courseId, Set<String> keep, Supplier<List<String>> blockArchives) {
        int deleted = 0;
        try {
            List<String> candidates = new ArrayList<>(blockArchives.get());
            candidates.addAll(storage.list(ObjectKeys.archivesPrefix(courseId) + "course/"));
            for (String key : candidates) {
                if (!keep.contains(key)) {
                    storage.delete(key);
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("cleanup of %s stopped after %d deletions (the next publish retries): %s", courseId, deleted,
                    e.getMessage());
        }
        return deleted;
    }
}
