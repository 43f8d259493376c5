package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes core objects read into fabric8's typed model: a field the model does not know lands in
 * getAdditionalProperties() (reported with its path), a value of the wrong type fails to read. Only the kinds listed
 * here may appear; a new one must be added.
 */
final class CoreModel {
    static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Namespace", Namespace.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CoreModel() {
    }

    static List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            if (CrdSchemas.isCustomResource(o)) {
                continue;
            }
            String type = o.path("apiVersion").asText() + "/" + Objects.kind(o);
            Class<?> model = MODELS.get(type);
            if (model == null) {
                problems.add(id(o) + ": no typed model for " + type + " (add it to CoreModel.MODELS)");
                continue;
            }
            try {
                unknownFields(MAPPER.treeToValue(o, model), id(o), problems);
            } catch (Exception e) {
                problems.add(id(o) + " does not read as " + model.getSimpleName() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Walks the model's getters; every fabric8 object on the way reports its unknown fields. */
    private static void unknownFields(Object value, String path, List<String> problems) throws ReflectiveOperationException {
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method g : value.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || !g.getName().startsWith("get")
                    || g.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = g.invoke(value);
            if ("getAdditionalProperties".equals(g.getName())) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
            unknownFields(child, path + "." + field, problems);
        }
    }
}
