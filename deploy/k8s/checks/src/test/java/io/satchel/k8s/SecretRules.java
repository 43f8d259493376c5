package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;
import static io.satchel.k8s.Objects.ofKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * No secret value in the manifests: no Secret object carries data (every credential comes from an operator:
 * CloudNativePG, Strimzi, or the person who installs, even in dev, so no committed credential can reach production),
 * no secret-named environment variable or ConfigMap key has an inline value, and no value embeds a password.
 */
final class SecretRules {
    /** Names that hold secrets: PASSWORD, SECRET, TOKEN, JAAS, CREDENTIAL anywhere, or a name ending in KEY. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|JAAS|CREDENTIAL).*|.*(^|[_.-])KEY$");
    private static final Pattern EMBEDDED = Pattern.compile("(?i).*(password=|://[^/@\\s]+:[^/@\\s]+@).*");

    private SecretRules() {
    }

    static List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode s : ofKind(objects, "Secret")) {
            if (!s.path("data").isEmpty() || !s.path("stringData").isEmpty()) {
                problems.add(id(s) + " carries data: credentials come from operator-made Secrets only");
            }
        }
        for (ObjectNode cm : ofKind(objects, "ConfigMap")) {
            cm.path("data").fields().forEachRemaining(e -> checkValue(id(cm) + " key " + e.getKey(), e.getKey(),
                    e.getValue().asText(), problems));
        }
        for (ObjectNode o : objects) {
            JsonNode pod = o.path("spec").path("template").path("spec");
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : pod.path(list)) {
                    for (JsonNode e : c.path("env")) {
                        if (e.has("value")) {
                            checkValue(id(o) + " container " + c.path("name").asText() + " env "
                                    + e.path("name").asText(), e.path("name").asText(), e.path("value").asText(),
                                    problems);
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static void checkValue(String where, String name, String value, List<String> problems) {
        if (SECRET_NAME.matcher(name).matches() && !value.isEmpty()) {
            problems.add(where + " is a secret written inline (use a secretKeyRef to an operator-made Secret)");
        } else if (EMBEDDED.matcher(value).matches()) {
            problems.add(where + " embeds a credential in its value");
        }
    }
}
