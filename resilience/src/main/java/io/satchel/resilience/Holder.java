package io.satchel.resilience;

import java.time.Duration;
import java.util.List;

/**
 * Which instance of a scaled service took a publish's record, and the record as the consumer pipeline logs it
 * ({@code <topic>-<partition>@<offset>}): scenarios fault exactly the process that holds the work.
 */
public record Holder(ServiceProcess process, String record) {

    public static Holder await(EventLog events, String topic, String publishId, List<ServiceProcess> instances,
            Duration timeout) {
        String[] where = new String[1];
        Waits.until(topic + " of " + publishId + " is on Kafka", timeout, () -> {
            List<EventLog.Event> e = events.ofPublish(topic, publishId);
            if (!e.isEmpty()) {
                where[0] = e.get(0).topic() + "-" + e.get(0).partition() + "@" + e.get(0).offset();
            }
            return !e.isEmpty();
        });
        ServiceProcess[] holder = new ServiceProcess[1];
        Waits.until("an instance received " + where[0], timeout, () -> {
            holder[0] = instances.stream().filter(p -> p.logText().contains(where[0] + " received")).findFirst()
                    .orElse(null);
            return holder[0] != null;
        });
        return new Holder(holder[0], where[0]);
    }
}
