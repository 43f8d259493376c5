package io.satchel.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders an overlay with `kubectl kustomize` (offline, no cluster) into its objects; each overlay once per JVM. */
final class Kustomize {
    static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The rendered objects of an overlay; callers that change objects must {@link ObjectNode#deepCopy()} first. */
    static List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> parse(run(Project.overlay(o))));
    }

    /** Deep copies of an overlay's objects, free to break in a test that a check rejects them. */
    static List<ObjectNode> copyOf(String overlay) {
        return render(overlay).stream().map(ObjectNode::deepCopy).toList();
    }

    private static String run(Path dir) {
        // -Dsatchel.kubectl=/path/to/kubectl picks another binary
        String kubectl = System.getProperty("satchel.kubectl", "kubectl");
        ProcessBuilder pb = new ProcessBuilder(kubectl, "kustomize", dir.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(kubectl + " is needed to render the overlays and could not be run ("
                    + e.getMessage() + "); see deploy/k8s/README.md, Checks", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n instanceof ObjectNode o && !o.isEmpty()) {
                    objects.add(o);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize printed YAML that does not parse", e);
        }
        if (objects.isEmpty()) {
            throw new IllegalStateException("kubectl kustomize rendered no objects");
        }
        return List.copyOf(objects);
    }
}
