package io.satchel.common.kafka;

import io.satchel.events.InvalidEventException;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The consumers' one retry mechanism: SmallRye Fault Tolerance, exponential backoff, limits from
 * {@code satchel.consumer.retry.*}. Permanent errors and a shutdown abort at once.
 */
@ApplicationScoped
public class FaultToleranceRetrier implements Retrier {
    private final Guard guard;

    FaultToleranceRetrier(PipelineConfig config) {
        PipelineConfig.Retry r = config.retry();
        long delay = r.initialDelay().toMillis();
        this.guard = Guard.create()
                .withRetry()
                .maxRetries(r.maxRetries())
                .delay(delay, ChronoUnit.MILLIS)
                // spread the instances of a group so they do not hit a recovering store at the same instant
                .jitter(Math.max(1, delay / 5), ChronoUnit.MILLIS)
                .maxDuration(Math.max(r.maxDuration().toMillis(), delay + 1), ChronoUnit.MILLIS)
                .abortOn(List.of(PermanentEventException.class, InvalidEventException.class,
                        EventPipeline.Abandoned.class))
                .withExponentialBackoff().factor(2).maxDelay(r.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    @Override
    public <T> T call(Supplier<T> attempt, Class<T> type) {
        return guard.get(attempt, type);
    }
}
