package io.satchel.renderer.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** The last rendered version of one block: its content hash and the files it produced (JSON). */
@Entity
@Table(name = "block_render_state")
@IdClass(BlockRenderState.Key.class)
public class BlockRenderState extends PanacheEntityBase {
    @Id
    @Column(name = "course_id")
    public String courseId;

    @Id
    @Column(name = "block_id")
    public String blockId;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(name = "files", nullable = false)
    public String files;

    @Column(name = "missing_assets", nullable = false)
    public String missingAssets;

    /** JSON list of the lookups the content hash covers (see ContentHash). */
    @Column(name = "dependencies")
    public String dependencies;

    /** JSON RenderManifest.Problem when the block's page is the unavailable page; null when it rendered. */
    @Column(name = "problem")
    public String problem;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String courseId;
        public String blockId;

        public Key() {
        }

        public Key(String courseId, String blockId) {
            this.courseId = courseId;
            this.blockId = blockId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(courseId, k.courseId) && Objects.equals(blockId, k.blockId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(courseId, blockId);
        }
    }
}
