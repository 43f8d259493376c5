package io.satchel.archiver.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The live (newest archived) offline manifest of a course. */
@Entity
@Table(name = "live_course")
public class LiveCourse extends PanacheEntityBase {
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
    @Column(name = "course_object_key")
    public String courseObjectKey;
    @Column(name = "course_sha256")
    public String courseSha256;
    @Column(name = "course_size")
    public long courseSize;
    @Column(name = "course_last_modified")
    public Instant courseLastModified;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
