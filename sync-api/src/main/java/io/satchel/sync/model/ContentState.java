package io.satchel.sync.model;

/** One content's state as Sunbird's content/state/read returns it (times in Sunbird's format). */
public record ContentState(String userId, String courseId, String collectionId, String batchId, String contentId,
        int status, int progress, String lastAccessTime, String lastCompletedTime, String lastUpdatedTime) {
}
