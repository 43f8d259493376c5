package io.satchel.publish.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** An accepted publish: the snapshot it stored and the CMS time it carries. */
@Entity
@Table(name = "publish")
public class Publish extends PanacheEntityBase {
    @Id
    @Column(name = "publish_id")
    public String publishId;

    @Column(name = "course_id", nullable = false)
    public String courseId;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    @Column(name = "source_key", nullable = false)
    public String sourceKey;

    @Column(name = "source_sha256", nullable = false)
    public String sourceSha256;

    @Column(name = "source_size", nullable = false)
    public long sourceSize;

    /** The webhook's sourceUrl (informational; the snapshot at sourceKey is what gets rendered). */
    @Column(name = "source_url")
    public String sourceUrl;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static Optional<Publish> findByCourseAndTime(String courseId, Instant publishedAt) {
        return find("courseId = ?1 and publishedAt = ?2", courseId, publishedAt).firstResultOptional();
    }

    /** The newest publish of a course, if any. */
    public static Optional<Publish> newest(String courseId) {
        return find("courseId = ?1 order by publishedAt desc", courseId).firstResultOptional();
    }
}
