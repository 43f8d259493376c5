package io.satchel.archiver.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A publish whose offline manifest went live; {@code announcedAt} is set once course.archived was acknowledged. */
@Entity
@Table(name = "archived_publish")
public class ArchivedPublish extends PanacheEntityBase {
    @Id
    @Column(name = "publish_id")
    public String publishId;
    @Column(name = "course_id")
    public String courseId;
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "generated_at")
    public Instant generatedAt;
    @Column(name = "manifest_key")
    public String manifestKey;
    @Column(name = "block_count")
    public int blockCount;
    @Column(name = "announced_at")
    public Instant announcedAt;
}
