package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;
import static io.satchel.k8s.Objects.name;
import static io.satchel.k8s.Objects.ofKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each service's KafkaUser (satchel-&lt;service&gt;) grants exactly what its configuration uses, KEDA's user exactly
 * what the ScaledObjects' triggers read, every topic used exists as a KafkaTopic, and each Deployment signs in as its
 * own user.
 */
final class KafkaAclRules {
    static final String KEDA_USER = "satchel-keda";

    private KafkaAclRules() {
    }

    static String userOf(String service) {
        return "satchel-" + service;
    }

    static List<String> check(List<ObjectNode> objects, Map<String, ServiceKafkaConfig> configs, JsonNode outside) {
        List<String> problems = new ArrayList<>();
        Set<String> expectedUsers = new TreeSet<>();
        Set<String> topicsUsed = new TreeSet<>();
        for (ServiceKafkaConfig config : configs.values()) {
            String user = userOf(config.service());
            expectedUsers.add(user);
            Set<String> needed = KafkaAccess.needed(config, outside);
            needed.stream().filter(a -> a.startsWith("topic ")).forEach(a -> topicsUsed.add(a.split(" ")[1]));
            compare(objects, user, needed, config.service() + "'s configuration", problems);
            Objects.find(objects, "Deployment", config.service()).ifPresent(d -> checkSignsInAs(d, user, problems));
        }
        Set<String> keda = new TreeSet<>();
        for (ObjectNode so : ofKind(objects, "ScaledObject")) {
            for (JsonNode t : so.path("spec").path("triggers")) {
                if ("kafka".equals(t.path("type").asText())) {
                    keda.addAll(KafkaAccess.forLagOf(t.path("metadata").path("topic").asText(),
                            t.path("metadata").path("consumerGroup").asText()));
                }
            }
        }
        expectedUsers.add(KEDA_USER);
        compare(objects, KEDA_USER, keda, "the ScaledObjects' Kafka triggers", problems);
        for (ObjectNode u : ofKind(objects, "KafkaUser")) {
            if (!expectedUsers.contains(name(u))) {
                problems.add(id(u) + " belongs to no service and is not KEDA's: remove it or extend the check");
            }
        }
        for (String topic : topicsUsed) {
            if (Objects.partitions(objects, topic).isEmpty()) {
                problems.add("topic " + topic + " is used but there is no KafkaTopic for it (with partitions)");
            }
        }
        return problems;
    }

    private static void compare(List<ObjectNode> objects, String user, Set<String> needed, String source,
            List<String> problems) {
        var found = Objects.find(objects, "KafkaUser", user);
        if (found.isEmpty()) {
            problems.add("no KafkaUser/" + user + " for " + source);
            return;
        }
        Set<String> granted = KafkaAccess.granted(found.get());
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(needed);
        if (!missing.isEmpty()) {
            problems.add("KafkaUser/" + user + " lacks what " + source + " uses: " + missing);
        }
        if (!extra.isEmpty()) {
            problems.add("KafkaUser/" + user + " grants more than " + source + " uses: " + extra);
        }
    }

    private static void checkSignsInAs(ObjectNode deployment, String user, List<String> problems) {
        for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
            boolean ok = false;
            for (JsonNode e : c.path("env")) {
                if ("KAFKA_SASL_JAAS_CONFIG".equals(e.path("name").asText())) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    ok = user.equals(ref.path("name").asText()) && "sasl.jaas.config".equals(ref.path("key").asText());
                }
            }
            if (!ok) {
                problems.add(id(deployment) + " container " + c.path("name").asText()
                        + " must take KAFKA_SASL_JAAS_CONFIG from Secret " + user + " key sasl.jaas.config");
            }
        }
    }
}
