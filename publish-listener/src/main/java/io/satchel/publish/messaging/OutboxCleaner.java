package io.satchel.publish.messaging;

import io.quarkus.scheduler.Scheduled;
import io.satchel.events.Timestamps;
import io.satchel.publish.config.PublishConfig;
import io.satchel.publish.entity.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Removes outbox rows sent longer ago than {@code satchel.publish.outbox.retention}; unsent rows are never removed. */
@ApplicationScoped
public class OutboxCleaner {
    private static final Logger LOG = Logger.getLogger(OutboxCleaner.class);

    @Inject
    PublishConfig config;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void removeSentRows() {
        long removed = OutboxEvent.delete("sentAt < ?1", Timestamps.now().minus(config.outbox().retention()));
        if (removed > 0) {
            LOG.infof("removed %d sent outbox rows", removed);
        }
    }
}
