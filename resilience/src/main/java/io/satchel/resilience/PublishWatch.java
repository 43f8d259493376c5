package io.satchel.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one publish's status (GET .../publishes/{id}) every 300 ms from its 202 on, the way a CMS polls: records
 * each change with its time, so a scenario can assert the status only moved forward and say when it became live.
 */
public final class PublishWatch implements AutoCloseable {
    private static final List<String> ORDER = List.of("accepted", "rendered", "live");

    private final SatchelClient client;
    private final String courseId;
    private final String publishId;
    private final List<String> seen = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "publish-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant liveAt;

    public PublishWatch(SatchelClient client, String courseId, String publishId) {
        this.client = client;
        this.courseId = courseId;
        this.publishId = publishId;
        poller.scheduleWithFixedDelay(this::poll, 0, 300, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        String status = client.statusOf(courseId, publishId); // null while publish-listener is down
        if (status == null) {
            return;
        }
        synchronized (seen) {
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
                if (status.equals("live") && liveAt == null) {
                    liveAt = Instant.now();
                }
            }
        }
    }

    /** Waits until the publish is live; fails at once on {@code failed} or {@code superseded}. */
    public Instant awaitLive(Duration timeout) {
        Waits.until(courseId + " publish " + publishId + " is live (seen " + history() + ")", timeout, () -> {
            String last = last();
            if ("failed".equals(last) || "superseded".equals(last)) {
                throw new AssertionError("publish " + publishId + " of " + courseId + " went " + last + ": "
                        + client.publishStatus(courseId, publishId).raw().body());
            }
            return liveAt != null;
        });
        return liveAt;
    }

    public String last() {
        synchronized (seen) {
            return seen.isEmpty() ? null : seen.get(seen.size() - 1);
        }
    }

    public List<String> history() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** True when every change went forward (accepted → rendered → live), none twice. */
    public boolean movedForwardOnly() {
        List<String> h = history();
        int rank = -1;
        for (String s : h) {
            int r = ORDER.indexOf(s);
            if (r <= rank) {
                return false;
            }
            rank = r;
        }
        return true;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
