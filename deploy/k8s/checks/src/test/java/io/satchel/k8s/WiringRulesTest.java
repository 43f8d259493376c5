package io.satchel.k8s;

import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WiringRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void objectsPointAtWhatTheOperatorsCreate(String overlay) {
        clean(WiringRules.check(Kustomize.render(overlay), WiringRules.shutdownTimes()));
    }

    @Test
    void rejectsAStrimziResourceOfAnotherClusterAndADatabaseOfAnotherCluster() {
        rejects(WiringRules.check(devWith("KafkaTopic", "course.live",
                t -> node(t, "/metadata/labels").put("strimzi.io/cluster", "my-cluster")), Map.of()),
                "KafkaTopic/course.live label strimzi.io/cluster names no rendered Kafka");
        rejects(WiringRules.check(devWith("Database", "satchel-renderer",
                d -> node(d, "/spec/cluster").put("name", "pg")), Map.of()), "Database/satchel-renderer names no");
    }

    @Test
    void rejectsKafkaAndJdbcSettingsThatMissTheOperatorsServices() {
        rejects(WiringRules.check(devWith("ConfigMap", "satchel-config",
                c -> node(c, "/data").put("SATCHEL_KAFKA", "satchel-kafka-bootstrap:9092")), Map.of()),
                "is not a TLS + SCRAM-SHA-512 listener's bootstrap");
        rejects(WiringRules.check(devWith("ConfigMap", "archiver-config", c -> node(c, "/data")
                .put("SATCHEL_JDBC_URL", "jdbc:postgresql://satchel-pg-rw:5432/satchel_archive")), Map.of()),
                "Deployment/archiver SATCHEL_JDBC_URL");
    }

    @Test
    void rejectsAServiceMonitorOnAnUnnamedPort() {
        rejects(WiringRules.check(devWith("ServiceMonitor", "sync-api",
                m -> node(m, "/spec/endpoints/0").put("port", "metrics")), Map.of()),
                "Deployment/sync-api has no Service scraped by a ServiceMonitor");
    }

    @Test
    void rejectsAGracePeriodShorterThanTheServicesShutdown() {
        Map<String, Duration> shutdown = new HashMap<>();
        shutdown.put("renderer", Duration.ofSeconds(150));
        rejects(WiringRules.check(Kustomize.render("dev"), shutdown),
                "Deployment/renderer terminationGracePeriodSeconds 120 does not cover preStop 0 s + the service's shutdown 150 s");
        shutdown.put("renderer", Duration.ZERO);
        shutdown.put("sync-api", Duration.ofSeconds(25));
        rejects(WiringRules.check(Kustomize.render("dev"), shutdown),
                "Deployment/sync-api terminationGracePeriodSeconds 30 does not cover preStop 5 s");
    }

    @Test
    void readsQuarkusDurations() {
        assertEquals(Duration.ofSeconds(90), WiringRules.duration("PT1M30S"));
        assertEquals(Duration.ofSeconds(30), WiringRules.duration("30"));
        assertEquals(Duration.ofMinutes(2), WiringRules.duration("2m"));
        assertEquals(Duration.ZERO, WiringRules.duration(null));
    }
}
