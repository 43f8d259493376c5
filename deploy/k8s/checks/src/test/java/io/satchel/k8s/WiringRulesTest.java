package io.satchel.k8s;

import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WiringRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void objectsPointAtWhatTheOperatorsCreate(String overlay) {
        clean(WiringRules.check(Kustomize.render(overlay), WiringRules.serviceProperties()));
    }

    @Test
    void rejectsAStrimziResourceOfAnotherClusterAndADatabaseOfAnotherCluster() {
        rejects(WiringRules.check(devWith("KafkaTopic", "course.live",
                t -> node(t, "/metadata/labels").put("strimzi.io/cluster", "my-cluster")), WiringRules.serviceProperties()),
                "KafkaTopic/course.live label strimzi.io/cluster names no rendered Kafka");
        rejects(WiringRules.check(devWith("Database", "satchel-renderer",
                d -> node(d, "/spec/cluster").put("name", "pg")), WiringRules.serviceProperties()), "Database/satchel-renderer names no");
    }

    @Test
    void rejectsKafkaAndJdbcSettingsThatMissTheOperatorsServices() {
        rejects(WiringRules.check(devWith("ConfigMap", "satchel-config",
                c -> node(c, "/data").put("SATCHEL_KAFKA", "satchel-kafka-bootstrap:9092")), WiringRules.serviceProperties()),
                "is not a TLS + SCRAM-SHA-512 listener's bootstrap");
        rejects(WiringRules.check(devWith("ConfigMap", "archiver-config", c -> node(c, "/data")
                .put("SATCHEL_JDBC_URL", "jdbc:postgresql://satchel-pg-rw:5432/satchel_archive")), WiringRules.serviceProperties()),
                "Deployment/archiver SATCHEL_JDBC_URL");
    }

    @Test
    void rejectsAServiceMonitorOnAnUnnamedPort() {
        rejects(WiringRules.check(devWith("ServiceMonitor", "sync-api",
                m -> node(m, "/spec/endpoints/0").put("port", "metrics")), WiringRules.serviceProperties()),
                "Deployment/sync-api has no Service scraped by a ServiceMonitor");
    }

    @Test
    void rejectsAGracePeriodShorterThanTheServicesShutdown() {
        Map<String, Properties> properties = new HashMap<>(WiringRules.serviceProperties());
        Properties syncApi = new Properties();
        syncApi.putAll(properties.get("sync-api"));
        syncApi.setProperty("quarkus.shutdown.timeout", "25s");
        properties.put("sync-api", syncApi);
        rejects(WiringRules.check(Kustomize.render("dev"), properties),
                "Deployment/sync-api terminationGracePeriodSeconds 30 does not cover preStop 5 s + the service's shutdown 25 s");
        // the pod's environment overrides the properties
        rejects(WiringRules.check(devWith("ConfigMap", "renderer-config",
                c -> node(c, "/data").put("SATCHEL_CONSUMER_SHUTDOWN_GRACE", "PT2M")), WiringRules.serviceProperties()),
                "Deployment/renderer terminationGracePeriodSeconds 120 does not cover preStop 0 s + the service's shutdown 120 s");
    }

    @Test
    void readsQuarkusDurations() {
        assertEquals(Duration.ofSeconds(90), WiringRules.duration("PT1M30S"));
        assertEquals(Duration.ofSeconds(30), WiringRules.duration("30"));
        assertEquals(Duration.ofMinutes(2), WiringRules.duration("2m"));
        assertEquals(Duration.ZERO, WiringRules.duration(null));
    }
}
