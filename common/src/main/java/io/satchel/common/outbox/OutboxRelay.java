package io.satchel.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.satchel.events.CloudEvents;
import io.satchel.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Relays a service's transactional outbox (table {@code outbox_event}, written in the same transaction as the change
 * it announces) to Kafka on its own thread: takes the unsent rows in the order they were written, sends each (key =
 * the row's message key, CloudEvents binary headers, ce_id = row id, ce_source = {@code /satchel/<application>}) and
 * marks it sent only after the broker acked it. The first failure ends the round, so a later event never overtakes
 * an earlier one of the same course; the row is tried again after {@code retry-interval}. Delivery is at-least-once:
 * should the mark be lost after an ack, the row goes again with the same ce_id, which consumers use to drop the
 * repeat. Sent rows are deleted after {@code retention}.
 *
 * <p>Only one instance relays at a time (a transaction-scoped PostgreSQL advisory lock), so several replicas keep
 * the order too. Off unless {@code satchel.outbox.enabled}: services without an outbox have no table (nor database).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Outside hashtext()'s int range, so it never equals a per-course lock taken with hashtext(). */
    private static final long RELAY_LOCK = 0x5A7C_4E15_0000L;
    private static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    private static final String OLDEST = """
            SELECT id, topic, message_key, ce_type, ce_time, payload, attempts FROM outbox_event
            WHERE sent_at IS NULL ORDER BY seq LIMIT 1
            """;
    private static final String MARK_SENT =
            "UPDATE outbox_event SET sent_at = ?, attempts = ?, last_error = NULL WHERE id = ?";
    private static final String MARK_FAILED = "UPDATE outbox_event SET attempts = ?, last_error = ? WHERE id = ?";
    private static final String REMOVE_SENT = "DELETE FROM outbox_event WHERE sent_at < ?";

    @Inject
    OutboxSender sender;
    @Inject
    Instance<DataSource> dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Counter sent;
    private Counter failures;
    private Instant nextCleanup = Instant.EPOCH;

    /** One round's result. */
    public record Round(int sent, boolean failed) {
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
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

    /** Asks for a round now (after an outbox row committed) instead of at the next poll. */
    public void wakeUp() {
        wake.release();
    }

    /** The {@code ce_source} of this service's events. */
    public String source() {
        return "/satchel/" + application;
    }

    private void loop() {
        while (running) {
            Duration pause = config.pollInterval();
            try {
                removeOldRows();
                Round round = relayOnce();
                if (round.failed()) {
                    pause = config.retryInterval();
                } else if (round.sent() >= config.batchSize()) {
                    continue; // more rows are waiting
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("outbox round failed (retrying in %s): %s", config.retryInterval(), e.toString());
                pause = config.retryInterval();
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
    public Round relayOnce() throws SQLException {
        int count = 0;
        while (count < config.batchSize()) {
            switch (sendOldest()) {
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
    private Step sendOldest() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                Step step = sendOldest(c);
                c.commit();
                return step;
            } finally {
                c.rollback(); // nothing left after a commit; undoes everything after an exception
                c.setAutoCommit(true);
            }
        }
    }

    private Step sendOldest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return Step.NOTHING_TO_DO; // another replica is relaying
                }
            }
        }
        Row row;
        try (PreparedStatement ps = c.prepareStatement(OLDEST); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Step.NOTHING_TO_DO;
            }
            row = new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7) + 1);
        }
        try {
            sender.send(row.topic, row.key, CloudEvents.headers(EventType.ofCeType(row.ceType), row.key,
                    row.id.toString(), source(), row.ceTime), row.payload.getBytes(StandardCharsets.UTF_8));
        } catch (OutboxSender.SendFailedException e) {
            try (PreparedStatement ps = c.prepareStatement(MARK_FAILED)) {
                ps.setInt(1, row.attempts);
                ps.setString(2, e.getMessage());
                ps.setObject(3, row.id);
                ps.executeUpdate();
            }
            failures.increment();
            LOG.warnf("event %s not delivered (attempt %d), retrying in %s: %s", row.id, row.attempts,
                    config.retryInterval(), e.getMessage());
            return Step.FAILED;
        }
        try (PreparedStatement ps = c.prepareStatement(MARK_SENT)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setInt(2, row.attempts);
            ps.setObject(3, row.id);
            ps.executeUpdate();
        }
        sent.increment();
        return Step.SENT;
    }

    /** At most once an hour: sent rows older than the retention; unsent rows are never removed. */
    private void removeOldRows() throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(CLEANUP_EVERY);
        try (Connection c = dataSource.get().getConnection();
                PreparedStatement ps = c.prepareStatement(REMOVE_SENT)) {
            ps.setTimestamp(1, Timestamp.from(now.minus(config.retention())));
            int removed = ps.executeUpdate();
            if (removed > 0) {
                LOG.infof("removed %d sent outbox rows", removed);
            }
        }
    }

    private record Row(UUID id, String topic, String key, String ceType, Instant ceTime, String payload,
            int attempts) {
    }
}
