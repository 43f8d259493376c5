package io.satchel.client.completion;

import io.satchel.client.api.Enrollment;
import io.satchel.client.store.LocalStore;
import io.satchel.client.store.ProgressState;
import io.satchel.client.sync.Synchronizer;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sunbird's "enrolled courses" computed on the device: the server's enrollments plus any course with unsynced local
 * progress, each with completion = floor(100 × completed leaves / leaf count) over the cached manifest, where local
 * state (server records merged with what was done offline) decides which leaves are completed. Works fully offline.
 */
public final class CompletionCalculator {
    private final LocalStore store;

    public CompletionCalculator(LocalStore store) {
        this.store = store;
    }

    public List<CourseCompletion> courses() {
        Map<String, Enrollment> enrolled = new LinkedHashMap<>();
        for (Enrollment e : Synchronizer.cachedEnrollments(store)) {
            enrolled.putIfAbsent(e.courseId(), e);
        }
        Set<String> courseIds = new java.util.LinkedHashSet<>(enrolled.keySet());
        courseIds.addAll(store.coursesWithPendingEvents());
        List<CourseCompletion> out = new ArrayList<>();
        for (String courseId : courseIds) {
            out.add(completion(courseId, enrolled.get(courseId)));
        }
        return out;
    }

    public CourseCompletion completion(String courseId, Enrollment serverView) {
        int pending = store.outboxCount(courseId);
        Optional<List<String>> leaves = cachedLeaves(courseId);
        if (leaves.isEmpty()) {
            // Never downloaded: all we know is the server's own count as of the last sync.
            int completed = serverView == null || serverView.completedCount() == null ? 0 : serverView.completedCount();
            int leafCount = serverView == null || serverView.leafCount() == null ? 0 : serverView.leafCount();
            return new CourseCompletion(courseId, percentage(completed, leafCount), completed, leafCount, pending);
        }
        Set<String> leafIds = new HashSet<>(leaves.get());
        int completed = (int) store.progress(courseId).stream()
                .filter(ProgressState::completed).filter(p -> leafIds.contains(p.contentId())).count();
        int leafCount = leafIds.size();
        if (serverView != null && serverView.completedCount() != null && serverView.leafCount() != null
                && serverView.leafCount() == leafCount) {
            // The server may know completions this device has not pulled yet (another device, same manifest).
            completed = Math.max(completed, serverView.completedCount());
        }
        return new CourseCompletion(courseId, percentage(completed, leafCount), completed, leafCount, pending);
    }

    static int percentage(int completed, int leafCount) {
        return leafCount <= 0 ? 0 : (int) (100L * completed / leafCount);
    }

    private Optional<List<String>> cachedLeaves(String courseId) {
        return store.manifest(courseId).flatMap(doc -> {
            try {
                OfflineManifest m = EventJson.fromBytes(doc.json().getBytes(StandardCharsets.UTF_8),
                        OfflineManifest.class);
                return Optional.of(m.blocks() == null ? List.<String>of()
                        : m.blocks().stream().map(OfflineManifest.Block::blockId).distinct().toList());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }
}
