package io.satchel.publish.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An event waiting in the outbox (sentAt null) or already relayed to Kafka. Its id is the event's ce_id. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    public UUID id;

    /** Insertion order, assigned by the database; the relay sends in this order. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "ce_type", nullable = false)
    public String ceType;

    @Column(name = "ce_time", nullable = false)
    public Instant ceTime;

    /** The event's JSON value, exactly as it goes to Kafka. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** The oldest unsent events, in the order they were written. */
    public static List<OutboxEvent> pending(int limit) {
        return find("sentAt is null order by seq").page(0, limit).list();
    }

    public static long countPending() {
        return count("sentAt is null");
    }
}
