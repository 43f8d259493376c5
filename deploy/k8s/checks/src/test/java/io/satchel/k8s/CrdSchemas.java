package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Custom resources (Strimzi, KEDA, CloudNativePG, Prometheus operator, any apiVersion with a dotted group that is
 * not a Kubernetes core group) against the strict schemas in ../shared/schemas/crds, where unknown fields in spec are
 * refused. A custom resource kind without a schema there is a problem too, so nothing goes unchecked.
 */
final class CrdSchemas {
    private static final Map<Path, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrdSchemas() {
    }

    static boolean isCustomResource(JsonNode o) {
        String api = o.path("apiVersion").asText();
        int slash = api.indexOf('/');
        String group = slash < 0 ? "" : api.substring(0, slash);
        return group.contains(".") && !group.endsWith(".k8s.io");
    }

    static List<String> check(List<ObjectNode> objects) {
        Path crds = Project.crdSchemas();
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            if (!isCustomResource(o)) {
                continue;
            }
            String[] api = o.path("apiVersion").asText().split("/");
            Path file = crds.resolve(api[0]).resolve(Objects.kind(o).toLowerCase(Locale.ROOT) + "_" + api[1] + ".json");
            if (!Files.isRegularFile(file)) {
                problems.add(id(o) + " (" + o.path("apiVersion").asText() + ") has no schema at " + file);
                continue;
            }
            for (ValidationMessage m : schema(file).validate(o)) {
                problems.add(id(o) + ": " + m.getMessage());
            }
        }
        return problems;
    }

    private static JsonSchema schema(Path file) {
        return SCHEMAS.computeIfAbsent(file, f -> {
            try {
                return FACTORY.getSchema(JSON.readTree(f.toFile()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema " + f, e);
            }
        });
    }
}
