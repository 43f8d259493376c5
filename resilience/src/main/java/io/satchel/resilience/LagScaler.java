package io.satchel.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What KEDA's Kafka scaler does for the renderer Deployment, on processes: every {@code interval} it reads the
 * group's lag on course.published and sets {@code desired = min(ceil(lag / lagThreshold), partitions, max)} (at
 * least 1). Up: starts renderer processes. Down (damped like the HPA's scale-down window: {@code downAfter}
 * consecutive lower readings): SIGTERM to the newest renderer, whatever it is doing.
 */
public final class LagScaler implements AutoCloseable {
    /** A change of the renderer count: in effect {@code at} (new ones ready, old one gone), {@code took} after the decision. */
    public record Change(Instant at, int replicas, long lag, Duration took) {
    }

    private final SatchelStack stack;
    private final String topic;
    private final String group;
    private final long lagThreshold;
    private final int max;
    private final int downAfter;
    private final Admin admin;
    private final List<Change> changes = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;
    private int lowerReadings;

    public LagScaler(SatchelStack stack, String topic, String group, long lagThreshold, int max, Duration interval,
            int downAfter) {
        this.stack = stack;
        this.topic = topic;
        this.group = group;
        this.lagThreshold = lagThreshold;
        this.max = max;
        this.downAfter = downAfter;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        this.admin = Admin.create(p);
        changes.add(new Change(Instant.now(), running(), 0, Duration.ZERO));
        this.loop = new Thread(() -> {
            while (running) {
                try {
                    step();
                } catch (Exception e) {
                    System.err.println("[scaler] " + e);
                }
                Waits.sleep(interval.toMillis());
            }
        }, "lag-scaler");
        loop.setDaemon(true);
        loop.start();
    }

    /** The group's lag: end offsets minus committed offsets, over the topic's partitions. */
    public long lag() throws Exception {
        List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : parts) {
            OffsetAndMetadata c = committed.get(tp);
            lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    public int partitions() throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    private synchronized void step() throws Exception {
        long lag = lag();
        int desired = (int) Math.max(1, Math.min(Math.min((lag + lagThreshold - 1) / lagThreshold, partitions()), max));
        int current = running();
        Instant decided = Instant.now();
        if (desired > current) {
            lowerReadings = 0;
            stack.addRenderers(desired - current); // together, like a Deployment's new replicas
            changes.add(new Change(Instant.now(), running(), lag, Duration.between(decided, Instant.now())));
        } else if (desired < current) {
            if (++lowerReadings >= downAfter) {
                lowerReadings = 0;
                ServiceProcess newest = newestRunning();
                newest.sigterm();
                newest.awaitExit(Duration.ofMinutes(2));
                changes.add(new Change(Instant.now(), running(), lag, Duration.between(decided, Instant.now())));
            }
        } else {
            lowerReadings = 0;
        }
    }

    private int running() {
        return (int) stack.renderers().stream().filter(ServiceProcess::isRunning).count();
    }

    private ServiceProcess newestRunning() {
        List<ServiceProcess> r = stack.renderers();
        for (int i = r.size() - 1; i >= 0; i--) {
            if (r.get(i).isRunning()) {
                return r.get(i);
            }
        }
        throw new IllegalStateException("no renderer running");
    }

    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
    }
}
