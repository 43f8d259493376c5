package io.satchel.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Small helpers over rendered objects. */
final class Objects {
    private Objects() {
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    /** kind/name, for messages. */
    static String id(JsonNode o) {
        return kind(o) + "/" + name(o);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(kind(o)) && name.equals(name(o))).findFirst();
    }

    static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    /** A matchLabels-style selector (non-empty) selects these labels: each of its pairs is among them. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** The partitions of the KafkaTopic whose topic name is {@code topic}, if the render has one. */
    static Optional<Integer> partitions(List<ObjectNode> objects, String topic) {
        return ofKind(objects, "KafkaTopic").stream()
                .filter(t -> topic.equals(t.path("spec").path("topicName").asText(name(t))))
                .map(t -> t.path("spec").path("partitions"))
                .filter(JsonNode::isInt)
                .map(JsonNode::asInt)
                .findFirst();
    }
}
