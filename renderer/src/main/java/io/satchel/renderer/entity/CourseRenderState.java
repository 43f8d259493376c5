package io.satchel.renderer.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The newest publish rendered for a course. */
@Entity
@Table(name = "course_render_state")
public class CourseRenderState extends PanacheEntityBase {
    @Id
    @Column(name = "course_id")
    public String courseId;

    @Column(name = "newest_published_at", nullable = false)
    public Instant newestPublishedAt;

    @Column(name = "publish_id", nullable = false)
    public String publishId;

    @Column(name = "manifest_key", nullable = false)
    public String manifestKey;

    @Column(name = "rendered_at", nullable = false)
    public Instant renderedAt;
}
