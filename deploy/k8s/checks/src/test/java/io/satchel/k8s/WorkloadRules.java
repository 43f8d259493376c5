package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;
import static io.satchel.k8s.Objects.name;
import static io.satchel.k8s.Objects.ofKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deployments: probes (a service's on /q/health/started|ready|live), CPU and memory requests and a memory limit,
 * non-root with a read-only root file system and emptyDirs for /tmp and every work directory the service is told
 * to use, an explicit grace period, a PodDisruptionBudget, and Secrets / ConfigMaps that exist or are made by
 * someone named here.
 */
final class WorkloadRules {
    /** Made by a person before the overlay is applied (deploy/k8s/README.md): kind → names. */
    static final Map<String, Set<String>> MADE_BY_THE_OPERATOR = Map.of(
            "Secret", Set.of("satchel-s3"),
            "ConfigMap", Set.of("satchel-jwt"));
    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live");

    private WorkloadRules() {
    }

    static List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            boolean service = Project.SERVICES.contains(name(d));
            JsonNode pod = d.path("spec").path("template").path("spec");
            if (!pod.has("terminationGracePeriodSeconds")) {
                problems.add(id(d) + " sets no terminationGracePeriodSeconds (it must cover the shutdown)");
            }
            boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            checkReferences(objects, d, pod, problems);
            for (JsonNode c : pod.path("containers")) {
                String where = id(d) + " container " + c.path("name").asText();
                checkResources(where, c, problems);
                checkProbes(where, c, service, problems);
                JsonNode sc = c.path("securityContext");
                if (!podNonRoot && !sc.path("runAsNonRoot").asBoolean(false)) {
                    problems.add(where + " may run as root (runAsNonRoot)");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + " has a writable root file system");
                }
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(where + " allows privilege escalation");
                }
                Map<String, String> mounts = new HashMap<>();
                c.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
                List<String> writable = new ArrayList<>(List.of("/tmp"));
                if (service) {
                    writable.addAll(workDirs(objects, c));
                }
                for (String dir : writable) {
                    if (!onEmptyDir(dir, mounts, volumes)) {
                        problems.add(where + " writes " + dir + " but no emptyDir is mounted there");
                    }
                }
            }
            checkDisruptionBudget(objects, d, problems);
        }
        return problems;
    }

    private static void checkResources(String where, JsonNode c, List<String> problems) {
        JsonNode r = c.path("resources");
        for (String need : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            if (r.at("/" + need).asText("").isEmpty()) {
                problems.add(where + " has no " + need.replace('/', '.'));
            }
        }
    }

    private static void checkProbes(String where, JsonNode c, boolean service, List<String> problems) {
        PROBES.forEach((probe, path) -> {
            JsonNode p = c.path(probe);
            if (p.isMissingNode() || p.isEmpty()) {
                problems.add(where + " has no " + probe);
            } else if (service && !path.equals(p.path("httpGet").path("path").asText())) {
                problems.add(where + " " + probe + " must be an httpGet on " + path);
            } else if (service && !declaresPort(c, p.path("httpGet").path("port"))) {
                problems.add(where + " " + probe + " probes a port the container does not declare");
            }
        });
    }

    private static boolean declaresPort(JsonNode c, JsonNode port) {
        for (JsonNode p : c.path("ports")) {
            if (port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                    : port.asText().equals(p.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Values of SATCHEL_*_WORK_DIR / *_SPOOL_DIR the container gets, directly or through its ConfigMaps. */
    private static List<String> workDirs(List<ObjectNode> objects, JsonNode c) {
        List<String> dirs = new ArrayList<>();
        for (JsonNode from : c.path("envFrom")) {
            Objects.find(objects, "ConfigMap", from.path("configMapRef").path("name").asText())
                    .ifPresent(cm -> cm.path("data").fields().forEachRemaining(e -> {
                        if (isWorkDir(e.getKey())) {
                            dirs.add(e.getValue().asText());
                        }
                    }));
        }
        for (JsonNode e : c.path("env")) {
            if (isWorkDir(e.path("name").asText()) && e.has("value")) {
                dirs.add(e.path("value").asText());
            }
        }
        return dirs;
    }

    private static boolean isWorkDir(String env) {
        return env.startsWith("SATCHEL_") && (env.endsWith("_WORK_DIR") || env.endsWith("_SPOOL_DIR"));
    }

    private static boolean onEmptyDir(String dir, Map<String, String> mounts, Map<String, JsonNode> volumes) {
        return mounts.entrySet().stream().anyMatch(m -> (dir.equals(m.getKey()) || dir.startsWith(m.getKey() + "/"))
                && volumes.getOrDefault(m.getValue(), Kustomize.YAML.createObjectNode()).has("emptyDir"));
    }

    private static void checkDisruptionBudget(List<ObjectNode> objects, ObjectNode d, List<String> problems) {
        JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
        boolean covered = ofKind(objects, "PodDisruptionBudget").stream()
                .anyMatch(pdb -> Objects.selects(pdb.path("spec").path("selector").path("matchLabels"), labels));
        if (!covered) {
            problems.add(id(d) + " is covered by no PodDisruptionBudget");
        }
    }

    /** Every Secret and ConfigMap a pod uses is rendered, or made by an operator (software or person) named here. */
    private static void checkReferences(List<ObjectNode> objects, ObjectNode d, JsonNode pod, List<String> problems) {
        List<String[]> refs = new ArrayList<>();
        for (JsonNode c : pod.path("containers")) {
            c.path("envFrom").forEach(f -> {
                if (f.has("configMapRef")) {
                    refs.add(new String[] {"ConfigMap", f.path("configMapRef").path("name").asText()});
                }
                if (f.has("secretRef")) {
                    refs.add(new String[] {"Secret", f.path("secretRef").path("name").asText()});
                }
            });
            c.path("env").forEach(e -> {
                JsonNode v = e.path("valueFrom");
                if (v.has("secretKeyRef")) {
                    refs.add(new String[] {"Secret", v.path("secretKeyRef").path("name").asText()});
                }
                if (v.has("configMapKeyRef")) {
                    refs.add(new String[] {"ConfigMap", v.path("configMapKeyRef").path("name").asText()});
                }
            });
        }
        pod.path("volumes").forEach(v -> {
            if (v.has("secret")) {
                refs.add(new String[] {"Secret", v.path("secret").path("secretName").asText()});
            }
            if (v.has("configMap")) {
                refs.add(new String[] {"ConfigMap", v.path("configMap").path("name").asText()});
            }
        });
        for (String[] ref : refs) {
            if (!resolves(objects, ref[0], ref[1])) {
                problems.add(id(d) + " uses " + ref[0] + "/" + ref[1] + ", which nothing renders or makes");
            }
        }
    }

    static boolean resolves(List<ObjectNode> objects, String kind, String name) {
        if (Objects.find(objects, kind, name).isPresent()
                || MADE_BY_THE_OPERATOR.getOrDefault(kind, Set.of()).contains(name)) {
            return true;
        }
        if (!"Secret".equals(kind)) {
            return false;
        }
        // Strimzi's User Operator: one per KafkaUser; its Cluster Operator: <cluster>-cluster-ca-cert;
        // CloudNativePG: <cluster>-app for the bootstrap owner
        return Objects.find(objects, "KafkaUser", name).isPresent()
                || ofKind(objects, "Kafka").stream().anyMatch(k -> name.equals(name(k) + "-cluster-ca-cert"))
                || ofKind(objects, "Cluster").stream().anyMatch(k -> name.equals(name(k) + "-app"));
    }
}
