package io.satchel.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shared test steps: the services' configuration, objects to break, and "no problems" / "this problem" asserts. */
final class Checked {
    private Checked() {
    }

    static Map<String, ServiceKafkaConfig> configs() {
        return Project.SERVICES.stream().collect(Collectors.toMap(s -> s, ServiceKafkaConfig::read));
    }

    static void clean(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> "problems:\n  " + String.join("\n  ", problems));
    }

    /** The check finds at least one problem, and one that mentions {@code expected}. */
    static void rejects(List<String> problems, String expected) {
        assertFalse(problems.isEmpty(), "the broken copy passed the check");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "no problem mentions '" + expected + "':\n  " + String.join("\n  ", problems));
    }

    static ObjectNode node(ObjectNode object, String pointer) {
        return (ObjectNode) object.at(pointer);
    }

    static ArrayNode array(ObjectNode object, String pointer) {
        return (ArrayNode) object.at(pointer);
    }

    /** A copy of the dev render with one object changed. */
    static List<ObjectNode> devWith(String kind, String name, Function<ObjectNode, Object> change) {
        List<ObjectNode> objects = Kustomize.copyOf("dev");
        change.apply(Objects.get(objects, kind, name));
        return objects;
    }
}
