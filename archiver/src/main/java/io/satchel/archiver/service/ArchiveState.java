package io.satchel.archiver.service;

import io.satchel.archiver.model.ArchivedPublish;
import io.satchel.archiver.model.LiveBlock;
import io.satchel.archiver.model.LiveCourse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The archiver's PostgreSQL state: which manifest is live per course, and which publishes were archived. */
@ApplicationScoped
public class ArchiveState {

    @Transactional
    public Optional<ArchivedPublish> archivedPublish(String publishId) {
        return ArchivedPublish.findByIdOptional(publishId);
    }

    @Transactional
    public Optional<LiveCourse> liveCourse(String courseId) {
        return LiveCourse.findByIdOptional(courseId);
    }

    /** Block archives of the live manifest by block id. */
    @Transactional
    public Map<String, LiveBlock> liveBlocks(String courseId) {
        Map<String, LiveBlock> blocks = new LinkedHashMap<>();
        LiveBlock.<LiveBlock>list("courseId = ?1 order by id", courseId).forEach(b -> blocks.put(b.blockId, b));
        return blocks;
    }

    /**
     * Makes a publish's manifest the live one, unless a newer publish went live meanwhile (then false, nothing
     * changes). The course row is locked, so two archivers of one course cannot interleave here.
     */
    @Transactional
    public boolean makeLive(LiveCourse course, List<LiveBlock> blocks, ArchivedPublish publish) {
        LiveCourse current = LiveCourse.findById(course.courseId, LockModeType.PESSIMISTIC_WRITE);
        if (current != null && current.publishedAt.isAfter(course.publishedAt)) {
            return false;
        }
        if (current == null) {
            current = new LiveCourse();
            current.courseId = course.courseId;
        }
        current.publishId = course.publishId;
        current.publishedAt = course.publishedAt;
        current.generatedAt = course.generatedAt;
        current.manifestKey = course.manifestKey;
        current.courseObjectKey = course.courseObjectKey;
        current.courseSha256 = course.courseSha256;
        current.courseSize = course.courseSize;
        current.courseLastModified = course.courseLastModified;
        current.updatedAt = Instant.now();
        current.persist();
        LiveBlock.delete("courseId", course.courseId);
        LiveBlock.getEntityManager().flush(); // the unique (course, block) rows must be gone before the new inserts
        for (LiveBlock b : blocks) {
            b.persist();
        }
        publish.persist();
        return true;
    }

    @Transactional
    public void markAnnounced(String publishId, Instant at) {
        ArchivedPublish.update("announcedAt = ?1 where publishId = ?2", at, publishId);
    }
}
