package io.satchel.publish.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import io.satchel.publish.model.PublishState;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The stored status of one publish (table publish_status); changed only through PublishStatusService. */
@Entity
@Table(name = "publish_status")
@IdClass(PublishStatusRow.Key.class)
public class PublishStatusRow extends PanacheEntityBase {
    @Id
    @Column(name = "course_id")
    public String courseId;

    @Id
    @Column(name = "publish_id")
    public String publishId;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** Stored as its lower-case contract name (PublishState.Converter). */
    @Column(nullable = false)
    public PublishState status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "block_total")
    public Integer blockTotal;

    @Column(name = "block_rendered")
    public Integer blockRendered;

    @Column(name = "block_unavailable")
    public Integer blockUnavailable;

    /** JSON array of {blockId, code, message}. */
    @Column(nullable = false)
    public String problems;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Composite id: a CMS writing course.published directly may reuse a publishId across courses. */
    public static class Key implements Serializable {
        public String courseId;
        public String publishId;

        public Key() {
        }

        public Key(String courseId, String publishId) {
            this.courseId = courseId;
            this.publishId = publishId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(courseId, k.courseId) && Objects.equals(publishId, k.publishId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(courseId, publishId);
        }
    }
}
