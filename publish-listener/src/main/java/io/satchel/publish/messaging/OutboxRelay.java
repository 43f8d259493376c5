package io.satchel.publish.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.Timestamps;
import io.satchel.publish.config.PublishConfig;
import io.satchel.publish.entity.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to Kafka on its own thread: takes the unsent rows in the order they were written, sends each
 * (key courseId, CloudEvents headers, ce_id = outbox row id) and marks it sent only after the broker acked it.
 * The first failure ends the round, so a later event never overtakes an earlier one of the same course; the row is
 * tried again after {@code retry-interval}. Delivery is at-least-once: should the mark be lost after an ack, the row
 * goes again with the same ce_id, which consumers use to drop the repeat.
 *
 * <p>Only one instance relays at a time (a transaction-scoped PostgreSQL advisory lock), so several replicas keep
 * the order too.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String SOURCE = "/satchel/publish-listener";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Outside hashtext()'s int range, so it never equals a per-course publish lock. */
    private static final long RELAY_LOCK = 0x5A7C_4E15_0000L;

    @Inject
    KafkaEventSender sender;
    @Inject
    EntityManager em;
    @Inject
    PublishConfig config;
    @Inject
    MeterRegistry metrics;

    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Counter sent;
    private Counter failures;

    /** One round's result. */
    record Round(int sent, boolean failed) {
    }

    void start(@Observes StartupEvent event) {
        sent = metrics.counter("satchel.outbox.sent");
        failures = metrics.counter("satchel.outbox.send.failures");
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Asks for a round now (after a publish commits) instead of at the next poll. */
    public void wakeUp() {
        wake.release();
    }

    private void loop() {
        while (running) {
            Duration pause = config.outbox().pollInterval();
            try {
                Round round = relayOnce();
                if (round.failed()) {
                    pause = config.outbox().retryInterval();
                } else if (round.sent() >= config.outbox().batchSize()) {
                    continue; // more rows are waiting
                }
            } catch (RuntimeException e) {
                LOG.warnf("outbox round failed (retrying in %s): %s", config.outbox().retryInterval(), e.toString());
                pause = config.outbox().retryInterval();
            }
            try {
                if (wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends pending rows in order until one fails, none is left, or a batch is done. */
    Round relayOnce() {
        int count = 0;
        while (count < config.outbox().batchSize()) {
            Step step = QuarkusTransaction.requiringNew().timeout(120).call(this::sendOldest);
            switch (step) {
                case SENT -> count++;
                case FAILED -> {
                    return new Round(count, true);
                }
                default -> {
                    return new Round(count, false);
                }
            }
        }
        return new Round(count, false);
    }

    private enum Step { SENT, FAILED, NOTHING_TO_DO }

    /**
     * One row per transaction: its sent mark commits right after the ack, so a crash can only repeat that one row.
     * The advisory lock is held while it is sent, so no other replica sends a later row before this one.
     */
    private Step sendOldest() {
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(:k)")
                .setParameter("k", RELAY_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return Step.NOTHING_TO_DO; // another replica is relaying
        }
        List<OutboxEvent> oldest = OutboxEvent.pending(1);
        if (oldest.isEmpty()) {
            return Step.NOTHING_TO_DO;
        }
        OutboxEvent row = oldest.get(0);
        row.attempts++;
        try {
            send(row);
        } catch (KafkaEventSender.SendFailedException e) {
            row.lastError = e.getMessage();
            failures.increment();
            LOG.warnf("event %s not delivered (attempt %d), retrying in %s: %s", row.id, row.attempts,
                    config.outbox().retryInterval(), e.getMessage());
            return Step.FAILED;
        }
        row.sentAt = Timestamps.now();
        row.lastError = null;
        sent.increment();
        return Step.SENT;
    }

    private void send(OutboxEvent row) {
        EventType type = typeOf(row.ceType);
        byte[] value = row.payload.getBytes(StandardCharsets.UTF_8);
        CourseEvent event = EventJson.fromBytes(value, type.valueType());
        sender.send(row.topic, row.messageKey, CloudEvents.headers(event, row.id.toString(), SOURCE, row.ceTime),
                value);
    }

    private static EventType typeOf(String ceType) {
        for (EventType t : EventType.values()) {
            if (t.ceType().equals(ceType)) {
                return t;
            }
        }
        throw new IllegalStateException("outbox row of unknown type " + ceType);
    }
}
