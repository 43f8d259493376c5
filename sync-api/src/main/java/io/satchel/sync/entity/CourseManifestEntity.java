package io.satchel.sync.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The live (newest) offline manifest of a course, as the archiver wrote it (object keys, no URLs). */
@Entity
@Table(name = "course_manifest")
public class CourseManifestEntity extends PanacheEntityBase {
    @Id
    @Column(name = "course_id")
    public String courseId;

    @Column(name = "publish_id")
    public String publishId;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "generated_at")
    public Instant generatedAt;

    @Column(name = "manifest_key")
    public String manifestKey;

    @Column(name = "manifest_json")
    public String manifestJson;

    @Column(name = "leaf_count")
    public int leafCount;

    @Column(name = "stored_at")
    public Instant storedAt;
}
