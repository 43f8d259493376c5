package io.satchel.k8s;

import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdSchemasTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyCustomResourceMatchesItsStrictSchema(String overlay) {
        var objects = Kustomize.render(overlay);
        clean(CrdSchemas.check(objects));
        Set<String> kinds = new TreeSet<>();
        objects.stream().filter(CrdSchemas::isCustomResource).forEach(o -> kinds.add(Objects.kind(o)));
        assertEquals(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ScaledObject",
                "TriggerAuthentication", "Cluster", "Database", "ServiceMonitor"), kinds);
    }

    @Test
    void rejectsAnUnknownFieldInAStrimziSpec() {
        // spec.kafka.replicas was dropped from kafka.strimzi.io/v1 (node pools hold the replicas)
        rejects(CrdSchemas.check(devWith("Kafka", "satchel", k -> node(k, "/spec/kafka").put("replicas", 3))),
                "replicas");
    }

    @Test
    void rejectsAnUnknownFieldInAKafkaTopicAndAWrongType() {
        rejects(CrdSchemas.check(devWith("KafkaTopic", "course.published", t -> node(t, "/spec").put("partition", 6))),
                "partition");
        rejects(CrdSchemas.check(devWith("KafkaTopic", "course.published",
                t -> node(t, "/spec").put("partitions", "six"))), "partitions");
    }

    @Test
    void rejectsUnknownFieldsInKedaCloudNativePgAndServiceMonitorSpecs() {
        rejects(CrdSchemas.check(devWith("ScaledObject", "renderer", s -> node(s, "/spec").put("maxReplicas", 6))),
                "maxReplicas");
        rejects(CrdSchemas.check(devWith("TriggerAuthentication", "satchel-keda-kafka",
                s -> node(s, "/spec").putArray("secretRefs"))), "secretRefs");
        rejects(CrdSchemas.check(devWith("Cluster", "satchel-pg", c -> node(c, "/spec").put("replicas", 1))),
                "replicas");
        rejects(CrdSchemas.check(devWith("Database", "satchel-sync", d -> node(d, "/spec").put("database", "x"))),
                "database");
        rejects(CrdSchemas.check(devWith("ServiceMonitor", "renderer",
                m -> node(m, "/spec/endpoints/0").put("metricsPath", "/q/metrics"))), "metricsPath");
    }

    @Test
    void rejectsACustomResourceWithoutASchema() {
        rejects(CrdSchemas.check(devWith("KafkaTopic", "course.rendered",
                t -> t.put("apiVersion", "kafka.strimzi.io/v1beta2"))), "has no schema");
    }
}
