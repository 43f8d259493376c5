package io.satchel.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** What the broker says about a consumer group: a scenario starts its load once new members own partitions. */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** Members of {@code group} that own at least one partition (0 while it rebalances). */
    public static int membersWithPartitions(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                    .get(group);
            if (d.groupState() != GroupState.STABLE) {
                return 0;
            }
            return (int) d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Waits until the group is stable with {@code members} members that each own a partition. */
    public static void awaitSpread(String bootstrap, String group, int members, Duration timeout) {
        Waits.until(group + " stable with " + members + " members owning partitions", timeout,
                () -> membersWithPartitions(bootstrap, group) == members);
    }
}
