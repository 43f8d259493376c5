package io.satchel.k8s;

import static io.satchel.k8s.Objects.get;
import static io.satchel.k8s.Objects.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sizes issue 12 sets per overlay, and every topic with its .dlq twin. */
class OverlaySizesTest {
    @ParameterizedTest
    @CsvSource({"dev, 1, 6, 1, 1, satchel-dev", "prod, 3, 12, 3, 2, satchel"})
    void kafkaAndPostgresAreSizedForTheOverlay(String overlay, int nodes, int partitions, int replicas, int minIsr,
            String namespace) {
        List<ObjectNode> objects = Kustomize.render(overlay);
        assertEquals(nodes, get(objects, "KafkaNodePool", "kafka").at("/spec/replicas").asInt());
        assertEquals(nodes, get(objects, "Cluster", "satchel-pg").at("/spec/instances").asInt());
        var kafka = get(objects, "Kafka", "satchel").at("/spec/kafka/config");
        assertEquals(replicas, kafka.path("default.replication.factor").asInt());
        assertEquals(minIsr, kafka.path("min.insync.replicas").asInt());
        for (ObjectNode t : ofKind(objects, "KafkaTopic")) {
            assertEquals(partitions, t.at("/spec/partitions").asInt(), Objects.name(t));
            assertEquals(replicas, t.at("/spec/replicas").asInt(), Objects.name(t));
            assertEquals(minIsr, t.at("/spec/config/min.insync.replicas").asInt(), Objects.name(t));
            assertTrue(t.at("/spec/config/retention.ms").asLong() > 0, Objects.name(t));
        }
        objects.forEach(o -> assertEquals(namespace, o.at("/metadata/namespace").asText(), Objects.id(o)));
    }

    @Test
    void everyTopicHasItsDeadLetterTwin() {
        Set<String> topics = new TreeSet<>();
        ofKind(Kustomize.render("prod"), "KafkaTopic").forEach(t -> topics.add(Objects.name(t)));
        assertEquals(Set.of("course.published", "course.rendered", "course.archived", "course.live",
                "problem.submitted", "course.published.dlq", "course.rendered.dlq", "course.archived.dlq",
                "course.live.dlq", "problem.submitted.dlq"), topics);
    }
}
