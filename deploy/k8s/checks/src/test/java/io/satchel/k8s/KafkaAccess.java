package io.satchel.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kafka access a client needs, as "type name Operation" lines (e.g. "topic course.published Read"), so that a
 * KafkaUser's ACLs and a service's configuration compare as two sets.
 */
final class KafkaAccess {
    private KafkaAccess() {
    }

    /** What a service's channels and its listed non-channel clients need. */
    static Set<String> needed(ServiceKafkaConfig config, JsonNode outsideChannels) {
        Set<String> need = new TreeSet<>();
        for (ServiceKafkaConfig.Incoming in : config.incoming()) {
            in.topics().forEach(t -> consume(need, t));
            need.add("group " + in.group() + " Read");
        }
        config.produced().forEach(t -> produce(need, t));
        for (JsonNode entry : outsideChannels.path(config.service())) {
            entry.path("consumes").forEach(t -> consume(need, t.asText()));
            entry.path("produces").forEach(t -> produce(need, t.asText()));
            entry.path("groups").forEach(g -> need.add("group " + g.asText() + " Read"));
        }
        return need;
    }

    /** What KEDA's Kafka scaler needs for one trigger: end offsets of the topic, committed offsets of the group. */
    static Set<String> forLagOf(String topic, String group) {
        return Set.of("topic " + topic + " Describe", "group " + group + " Describe");
    }

    /** What a KafkaUser's ACLs grant (allow rules; a deny rule or a prefix pattern is reported as such). */
    static Set<String> granted(JsonNode kafkaUser) {
        Set<String> granted = new TreeSet<>();
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
            JsonNode r = acl.path("resource");
            String pattern = r.path("patternType").asText("literal");
            String type = acl.path("type").asText("allow");
            String prefix = "literal".equals(pattern) && "allow".equals(type) ? "" : type + " " + pattern + " ";
            for (JsonNode op : acl.path("operations")) {
                granted.add(prefix + r.path("type").asText() + " " + r.path("name").asText("") + " " + op.asText());
            }
        }
        return granted;
    }

    static JsonNode outsideChannels() {
        try (InputStream in = KafkaAccess.class.getResourceAsStream("/kafka-access-outside-channels.yaml")) {
            return Kustomize.YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void consume(Set<String> need, String topic) {
        need.add("topic " + topic + " Read");
        need.add("topic " + topic + " Describe");
    }

    private static void produce(Set<String> need, String topic) {
        need.add("topic " + topic + " Write");
        need.add("topic " + topic + " Describe");
    }
}
