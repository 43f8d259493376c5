package io.satchel.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The relay from a service's {@code outbox_event} table to Kafka ({@link OutboxRelay}). */
@ConfigMapping(prefix = "satchel.outbox")
public interface OutboxConfig {
    /** Only services that write an outbox (and have its table) turn the relay on. */
    @WithDefault("false")
    boolean enabled();

    /** How often the relay looks for unsent rows when nobody woke it up. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Pause after a failed send (broker down) before the next attempt. */
    @WithDefault("PT2S")
    Duration retryInterval();

    @WithDefault("100")
    int batchSize();

    /**
     * Longest wait for one broker ack (also bounds metadata waits): while Kafka is down a send fails after this and
     * the row is retried in the next round instead of blocking the relay.
     */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /** How long sent rows are kept (for inspection) before they are deleted; unsent rows are never deleted. */
    @WithDefault("P7D")
    Duration retention();
}
