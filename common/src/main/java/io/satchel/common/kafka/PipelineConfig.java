package io.satchel.common.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code satchel.consumer.*}: how every consumer retries a record, dead-letters it and stops. The retry budget is
 * sized to outlast a realistic outage of S3, PostgreSQL or Kafka (minutes), so a record reaches its DLQ only when it
 * is broken, not when a store blinked. Keep each channel's {@code throttled.unprocessed-record-max-age.ms} above
 * {@link Retry#maxDuration()} plus the longest piece of work, or liveness goes DOWN during a retried outage.
 */
@ConfigMapping(prefix = "satchel.consumer")
public interface PipelineConfig {
    Retry retry();

    DeadLetter deadLetter();

    /** On SIGTERM, how long the course in hand may still finish before it is abandoned (offset not committed). */
    @WithDefault("PT30S")
    Duration shutdownGrace();

    interface Retry {
        /** Retries after the first attempt (the budget is whichever of this and {@link #maxDuration()} ends first). */
        @WithDefault("100")
        int maxRetries();

        /** First wait; each next one doubles up to {@link #maxDelay()}. */
        @WithDefault("PT1S")
        Duration initialDelay();

        @WithDefault("PT30S")
        Duration maxDelay();

        /** Total time one record may be retried before it is dead-lettered. */
        @WithDefault("PT10M")
        Duration maxDuration();
    }

    interface DeadLetter {
        /**
         * The DLQ producer's {@code max.request.size}; a dead letter that would not fit keeps its value in object
         * storage instead (key in {@code satchel_dlq_value_key}).
         */
        @WithDefault("1048576")
        int maxRequestSize();
    }
}
