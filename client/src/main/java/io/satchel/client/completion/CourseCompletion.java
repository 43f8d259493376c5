package io.satchel.client.completion;

/** One line of `courses`: the contract's fields. */
public record CourseCompletion(String courseId, int completionPercentage, int completedCount, int leafCount,
        int pendingEvents) {
}
