package io.satchel.k8s;

import static io.satchel.k8s.Checked.clean;
import static io.satchel.k8s.Checked.configs;
import static io.satchel.k8s.Checked.devWith;
import static io.satchel.k8s.Checked.node;
import static io.satchel.k8s.Checked.rejects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScalingRulesTest {
    private static final String TRIGGER = "/spec/triggers/0/metadata";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void scaledObjectsFollowTheConsumersConfigurationAndThePartitions(String overlay) {
        clean(ScalingRules.check(Kustomize.render(overlay), configs()));
    }

    @Test
    void rejectsMaxReplicasAboveThePartitions() {
        rejects(ScalingRules.check(devWith("ScaledObject", "renderer", s -> node(s, "/spec").put("maxReplicaCount", 7)),
                configs()), "maxReplicaCount 7 > the 6 partitions of course.published");
        rejects(ScalingRules.check(devWith("KafkaTopic", "course.rendered", t -> node(t, "/spec").put("partitions", 3)),
                configs()), "maxReplicaCount 6 > the 3 partitions of course.rendered");
    }

    @Test
    void rejectsATopicGroupOrResetPolicyThatIsNotTheConsumers() {
        rejects(ScalingRules.check(devWith("ScaledObject", "archiver", s -> node(s, TRIGGER).put("topic",
                "course.published")), configs()), "not a topic archiver consumes");
        rejects(ScalingRules.check(devWith("ScaledObject", "renderer", s -> node(s, TRIGGER).put("consumerGroup",
                "renderers")), configs()), "consumerGroup 'renderers' but the service's configuration says 'renderer'");
        rejects(ScalingRules.check(devWith("ScaledObject", "archiver", s -> node(s, TRIGGER).put("offsetResetPolicy",
                "latest")), configs()), "offsetResetPolicy 'latest'");
    }

    @Test
    void rejectsNoFloorNoFallbackAndAnUndampedScaleDown() {
        rejects(ScalingRules.check(devWith("ScaledObject", "renderer", s -> node(s, "/spec").put("minReplicaCount", 0)),
                configs()), "minReplicaCount 0 < 1");
        rejects(ScalingRules.check(devWith("ScaledObject", "renderer", s -> node(s, "/spec").remove("fallback")),
                configs()), "has no fallback");
        rejects(ScalingRules.check(devWith("ScaledObject", "archiver", s -> node(s,
                "/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown").put("stabilizationWindowSeconds", 0)),
                configs()), "must damp scale-down");
    }
}
