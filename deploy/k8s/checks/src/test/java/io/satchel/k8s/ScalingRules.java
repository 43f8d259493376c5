package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;
import static io.satchel.k8s.Objects.ofKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KEDA ScaledObjects: the Kafka trigger reads the target service's own topic and consumer group with its
 * auto.offset.reset (from application.properties), never scales past that topic's partitions in the same render,
 * keeps at least one replica, has a fallback and a damped scale-down, and authenticates through a
 * TriggerAuthentication that exists. The renderer and the archiver must each have one.
 */
final class ScalingRules {
    static final List<String> SCALED = List.of("renderer", "archiver");
    /** A scale-down waits at least this long after the lag drops (a removed consumer abandons its course). */
    static final int MIN_SCALE_DOWN_WINDOW_SECONDS = 300;

    private ScalingRules() {
    }

    static List<String> check(List<ObjectNode> objects, Map<String, ServiceKafkaConfig> configs) {
        List<String> problems = new ArrayList<>();
        for (String service : SCALED) {
            boolean has = ofKind(objects, "ScaledObject").stream()
                    .anyMatch(so -> service.equals(so.path("spec").path("scaleTargetRef").path("name").asText()));
            if (!has) {
                problems.add("no ScaledObject scales Deployment/" + service);
            }
        }
        String bootstrap = Objects.find(objects, "ConfigMap", "satchel-config")
                .map(c -> c.path("data").path("SATCHEL_KAFKA").asText()).orElse("");
        for (ObjectNode so : ofKind(objects, "ScaledObject")) {
            checkOne(objects, configs, so, bootstrap, problems);
        }
        return problems;
    }

    private static void checkOne(List<ObjectNode> objects, Map<String, ServiceKafkaConfig> configs, ObjectNode so,
            String bootstrap, List<String> problems) {
        JsonNode spec = so.path("spec");
        String target = spec.path("scaleTargetRef").path("name").asText();
        String kind = spec.path("scaleTargetRef").path("kind").asText("Deployment");
        if (Objects.find(objects, kind, target).isEmpty()) {
            problems.add(id(so) + " scales " + kind + "/" + target + ", which is not rendered");
        }
        ServiceKafkaConfig config = configs.get(target);
        int min = spec.path("minReplicaCount").asInt(0);
        int max = spec.path("maxReplicaCount").asInt(100);
        if (min < 1) {
            problems.add(id(so) + " minReplicaCount " + min + " < 1 (a consumer must always be there)");
        }
        JsonNode fallback = spec.path("fallback");
        if (!fallback.has("replicas") || !fallback.has("failureThreshold")) {
            problems.add(id(so) + " has no fallback (replicas and failureThreshold)");
        } else if (fallback.path("replicas").asInt() < min || fallback.path("replicas").asInt() > max) {
            problems.add(id(so) + " fallback replicas outside [minReplicaCount, maxReplicaCount]");
        }
        JsonNode down = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior").path("scaleDown");
        if (down.path("stabilizationWindowSeconds").asInt(0) < MIN_SCALE_DOWN_WINDOW_SECONDS
                || down.path("policies").isEmpty()) {
            problems.add(id(so) + " must damp scale-down: stabilizationWindowSeconds >= "
                    + MIN_SCALE_DOWN_WINDOW_SECONDS + " and a policy");
        }
        for (JsonNode t : spec.path("triggers")) {
            if (!"kafka".equals(t.path("type").asText())) {
                problems.add(id(so) + " has a " + t.path("type").asText() + " trigger; only Kafka lag scales Satchel");
                continue;
            }
            JsonNode m = t.path("metadata");
            String topic = m.path("topic").asText();
            ServiceKafkaConfig.Incoming in = config == null ? null : config.incomingOf(topic);
            if (in == null) {
                problems.add(id(so) + " trigger topic '" + topic + "' is not a topic " + target + " consumes");
            } else {
                expect(problems, so, "consumerGroup", m.path("consumerGroup").asText(), in.group());
                expect(problems, so, "offsetResetPolicy", m.path("offsetResetPolicy").asText("latest"),
                        in.autoOffsetReset());
            }
            Optional<Integer> partitions = Objects.partitions(objects, topic);
            if (partitions.isEmpty()) {
                problems.add(id(so) + " trigger topic '" + topic + "' has no KafkaTopic with partitions");
            } else if (max > partitions.get()) {
                problems.add(id(so) + " maxReplicaCount " + max + " > the " + partitions.get() + " partitions of "
                        + topic + " (idle consumers never help; add partitions first)");
            }
            if ("true".equals(m.path("allowIdleConsumers").asText())) {
                problems.add(id(so) + " allows idle consumers");
            }
            if (!m.path("lagThreshold").asText().matches("[1-9][0-9]*")) {
                problems.add(id(so) + " lagThreshold must be a positive integer (see deploy/k8s/README.md)");
            }
            expect(problems, so, "bootstrapServers", m.path("bootstrapServers").asText(), bootstrap);
            String auth = t.path("authenticationRef").path("name").asText();
            if (Objects.find(objects, t.path("authenticationRef").path("kind").asText("TriggerAuthentication"), auth)
                    .isEmpty()) {
                problems.add(id(so) + " authenticationRef '" + auth + "' is not rendered");
            }
        }
    }

    private static void expect(List<String> problems, ObjectNode so, String field, String actual, String wanted) {
        if (!wanted.equals(actual)) {
            problems.add(id(so) + " " + field + " '" + actual + "' but the service's configuration says '"
                    + wanted + "'");
        }
    }
}
