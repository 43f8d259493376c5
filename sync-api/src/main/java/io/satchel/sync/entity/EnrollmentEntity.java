package io.satchel.sync.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A learner's enrollment in a course (one batch per course). */
@Entity
@Table(name = "enrollment")
@IdClass(EnrollmentEntity.Key.class)
public class EnrollmentEntity extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public String userId;

    @Id
    @Column(name = "course_id")
    public String courseId;

    @Column(name = "batch_id")
    public String batchId;

    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<EnrollmentEntity> of(String userId, String courseId) {
        return findByIdOptional(new Key(userId, courseId));
    }

    public static class Key implements Serializable {
        public String userId;
        public String courseId;

        public Key() {
        }

        public Key(String userId, String courseId) {
            this.userId = userId;
            this.courseId = courseId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(courseId, k.courseId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, courseId);
        }
    }
}
