package io.satchel.archiver.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One block archive of a course's live manifest. */
@Entity
@Table(name = "live_block")
public class LiveBlock extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "live_block_seq")
    @SequenceGenerator(name = "live_block_seq", sequenceName = "live_block_seq", allocationSize = 50)
    public Long id;
    @Column(name = "course_id")
    public String courseId;
    @Column(name = "block_id")
    public String blockId;
    @Column(name = "input_hash")
    public String inputHash;
    @Column(name = "object_key")
    public String objectKey;
    @Column(name = "file_size")
    public long fileSize;
    public String sha256;
    @Column(name = "last_modified")
    public Instant lastModified;
}
