package io.satchel.common.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The one consumer pipeline of every Satchel service: read and validate the CloudEvent → check the Kafka key is its
 * courseId → run the handler with {@link Retrier retries} → on a permanent error or a spent retry budget, write the
 * original record to {@code <topic>.dlq} ({@link DeadLetterWriter}) → ack. The ack (so the offset commit) comes only
 * after the handler returned or the dead letter is stored; a record in hand at shutdown is abandoned un-acked, so
 * the partition's next owner redoes it (every handler is idempotent).
 */
@ApplicationScoped
public class EventPipeline {
    private static final Logger LOG = Logger.getLogger(EventPipeline.class);

    /** What became of one record. */
    public enum Outcome {
        /** The handler succeeded. */
        DONE,
        /** The record is in its DLQ. */
        DEAD_LETTERED,
        /** The service is stopping: left un-acked for the next owner of the partition. */
        ABANDONED
    }

    /** Thrown into the retry loop when the service stops: ends it without a dead letter. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the service is stopping", null, false, false);
        }
    }

    private final Retrier retrier;
    private final DeadLetterWriter deadLetters;
    private final PipelineConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean abandoning;

    EventPipeline(Retrier retrier, DeadLetterWriter deadLetters, PipelineConfig config) {
        this.retrier = retrier;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    /**
     * Processes one Kafka message of an {@code @Incoming @Blocking} method; return its result from that method.
     *
     * @param handler the work; it throws {@link PermanentEventException} (or {@link InvalidEventException}) for what
     *                retrying cannot fix, anything else is retried
     */
    public <E extends CourseEvent> CompletionStage<Void> process(Message<byte[]> message, EventType type,
            Class<E> eventClass, Consumer<E> handler) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        try {
            Outcome outcome = process(record, type, eventClass, handler);
            return outcome == Outcome.ABANDONED ? CompletableFuture.completedFuture(null) : message.ack();
        } catch (RuntimeException e) {
            // neither processed nor dead-lettered (the DLQ itself stayed unwritable): fail the channel, commit nothing
            LOG.errorf(e, "%s-%d@%d could not even be dead-lettered", record.topic(), record.partition(),
                    record.offset());
            return message.nack(e);
        }
    }

    /** The record-level pipeline (what {@link #process(Message, EventType, Class, Consumer)} acks on). */
    public <E extends CourseEvent> Outcome process(ConsumerRecord<String, byte[]> record, EventType type,
            Class<E> eventClass, Consumer<E> handler) {
        if (stopping) {
            LOG.infof("%s-%d@%d left for the next owner of the partition: stopping", record.topic(),
                    record.partition(), record.offset());
            return Outcome.ABANDONED;
        }
        inFlight.incrementAndGet();
        try {
            LOG.infof("%s-%d@%d received %d ms after it was produced", record.topic(), record.partition(),
                    record.offset(), System.currentTimeMillis() - record.timestamp());
            E event;
            try {
                event = CloudEvents.read(type, record.headers(), record.value(), eventClass);
            } catch (InvalidEventException e) {
                return deadLetter(record, "INVALID_EVENT", e.getMessage(), 0);
            }
            if (!Objects.equals(record.key(), event.courseId())) {
                return deadLetter(record, "KEY_MISMATCH", "the record's key " + quoted(record.key())
                        + " is not its courseId " + quoted(event.courseId())
                        + " (the key keeps a course's events in order on one partition)", 0);
            }
            return run(record, event, handler);
        } finally {
            synchronized (inFlight) {
                inFlight.decrementAndGet();
                inFlight.notifyAll();
            }
        }
    }

    private <E extends CourseEvent> Outcome run(ConsumerRecord<String, byte[]> record, E event, Consumer<E> handler) {
        AtomicInteger attempts = new AtomicInteger();
        long started = System.nanoTime();
        try {
            retrier.call(() -> {
                if (stopping) {
                    throw new Abandoned();
                }
                int attempt = attempts.incrementAndGet();
                try {
                    handler.accept(event);
                    return null;
                } catch (PermanentEventException | InvalidEventException | Abandoned e) {
                    throw e;
                } catch (RuntimeException e) {
                    logFailure(record, event, attempt, started, e);
                    throw e;
                }
            }, Void.class);
            return Outcome.DONE;
        } catch (Abandoned e) {
            return abandoned(record, attempts.get());
        } catch (PermanentEventException e) {
            return deadLetter(record, e.code(), e.getMessage(), attempts.get());
        } catch (InvalidEventException e) {
            return deadLetter(record, "INVALID_EVENT", e.getMessage(), attempts.get());
        } catch (RuntimeException e) {
            if (stopping) {
                return abandoned(record, attempts.get());
            }
            return deadLetter(record, "RETRIES_EXHAUSTED", attempts.get() + " attempts over "
                    + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s failed; last: " + describe(e),
                    attempts.get());
        }
    }

    /** Writes the dead letter, retried like the work (Kafka or S3 may be down too); only then is the record acked. */
    private Outcome deadLetter(ConsumerRecord<String, byte[]> record, String code, String reason, int attempts) {
        try {
            retrier.call(() -> {
                if (stopping) {
                    throw new Abandoned();
                }
                try {
                    deadLetters.write(record, code, reason, attempts);
                } catch (RuntimeException e) {
                    LOG.warnf("%s-%d@%d: dead letter not written yet (%s), retrying", record.topic(),
                            record.partition(), record.offset(), describe(e));
                    throw e;
                }
                return null;
            }, Void.class);
            return Outcome.DEAD_LETTERED;
        } catch (Abandoned e) {
            return abandoned(record, attempts);
        }
    }

    private Outcome abandoned(ConsumerRecord<String, byte[]> record, int attempts) {
        LOG.infof("%s-%d@%d abandoned after %d attempt(s): stopping; its offset stays uncommitted, so the next owner"
                + " of the partition redoes it", record.topic(), record.partition(), record.offset(), attempts);
        return Outcome.ABANDONED;
    }

    private void logFailure(ConsumerRecord<String, byte[]> record, CourseEvent event, int attempt, long started,
            RuntimeException e) {
        PipelineConfig.Retry r = config.retry();
        Duration wait = nextDelay(r, attempt);
        Duration spent = Duration.ofNanos(System.nanoTime() - started);
        boolean more = attempt <= r.maxRetries() && spent.plus(wait).compareTo(r.maxDuration()) < 0;
        LOG.warnf("%s-%d@%d (course %s, publish %s): attempt %d failed: %s; %s", record.topic(), record.partition(),
                record.offset(), event.courseId(), event.publishId(), attempt, describe(e),
                more ? "retrying in ~" + wait.toMillis() + " ms (" + spent.toSeconds() + " s of a "
                        + r.maxDuration().toSeconds() + " s budget spent)" : "retry budget spent");
    }

    /** The wait SmallRye's exponential backoff applies after {@code attempt} (before jitter). */
    static Duration nextDelay(PipelineConfig.Retry r, int attempt) {
        long ms = r.initialDelay().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, r.maxDelay().toMillis()));
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : "\"" + s + "\"";
    }

    /**
     * SIGTERM: take no new record, give the one in hand {@code satchel.consumer.shutdown-grace} to finish, then let
     * Quarkus close the Kafka consumers (which commit what was acked and leave the group, so the partitions move at
     * once). Runs before the connectors close (they stop at the container's destruction, after this event).
     */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        synchronized (inFlight) {
            if (inFlight.get() > 0) {
                LOG.infof("stopping: waiting up to %d s for %d record(s) in hand", config.shutdownGrace().toSeconds(),
                        inFlight.get());
            }
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandoning = true;
                    LOG.infof("stopping: %d record(s) still in hand after the grace period; abandoned uncommitted,"
                            + " another instance redoes them", inFlight.get());
                    return;
                }
                try {
                    inFlight.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.info("stopping: no record in hand; leaving the consumer group");
    }

    /**
     * A handler calls this right before an effect the next owner of the record will produce again (e.g. announcing
     * the result downstream): once the shutdown grace is over the record is abandoned, so the effect must not
     * happen here too. Throws to end the handler without a dead letter; the record stays uncommitted.
     */
    public void stopIfAbandoned() {
        if (abandoning) {
            throw new Abandoned();
        }
    }

    /** True once the service is stopping (for tests and health). */
    public boolean isStopping() {
        return stopping;
    }
}
