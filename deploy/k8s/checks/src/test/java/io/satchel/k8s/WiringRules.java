package io.satchel.k8s;

import static io.satchel.k8s.Objects.id;
import static io.satchel.k8s.Objects.name;
import static io.satchel.k8s.Objects.ofKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The objects point at each other as the operators name things: Strimzi resources at the Kafka cluster, Databases at
 * the CloudNativePG Cluster, the services' Kafka and JDBC settings at the services those operators create, each
 * service Deployment at a Service and a ServiceMonitor scraping /q/metrics, and each grace period past the service's
 * own shutdown time.
 */
final class WiringRules {
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+)(?::\\d+)?/([^?]+).*");

    private WiringRules() {
    }

    /** What a service waits for on SIGTERM: property → the environment variable that overrides it. */
    static final Map<String, String> SHUTDOWN_SETTINGS = Map.of(
            "quarkus.shutdown.timeout", "QUARKUS_SHUTDOWN_TIMEOUT",
            "quarkus.shutdown.delay", "QUARKUS_SHUTDOWN_DELAY",
            "satchel.consumer.shutdown-grace", "SATCHEL_CONSUMER_SHUTDOWN_GRACE");

    /** Each service's application.properties (profile entries stay under their %profile. keys, i.e. unused). */
    static Map<String, Properties> serviceProperties() {
        return Project.SERVICES.stream().collect(Collectors.toMap(s -> s, s -> {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Project.applicationProperties(s))) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return p;
        }));
    }

    static List<String> check(List<ObjectNode> objects, Map<String, Properties> properties) {
        List<String> problems = new ArrayList<>();
        Set<String> kafkas = ofKind(objects, "Kafka").stream().map(Objects::name).collect(Collectors.toSet());
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            for (ObjectNode o : ofKind(objects, kind)) {
                if (!kafkas.contains(o.at("/metadata/labels/strimzi.io~1cluster").asText())) {
                    problems.add(id(o) + " label strimzi.io/cluster names no rendered Kafka " + kafkas);
                }
            }
        }
        for (ObjectNode db : ofKind(objects, "Database")) {
            var cluster = Objects.find(objects, "Cluster", db.at("/spec/cluster/name").asText());
            if (cluster.isEmpty()) {
                problems.add(id(db) + " names no rendered Cluster");
            } else if (!db.at("/spec/owner").asText().equals(cluster.get().at("/spec/bootstrap/initdb/owner").asText())) {
                problems.add(id(db) + " owner is not the Cluster's bootstrap owner (whose Secret the services read)");
            }
        }
        Objects.find(objects, "ConfigMap", "satchel-config").ifPresentOrElse(
                c -> checkKafkaClient(objects, c.path("data"), problems),
                () -> problems.add("no ConfigMap/satchel-config"));
        for (String service : Project.SERVICES) {
            Objects.find(objects, "Deployment", service).ifPresentOrElse(d -> {
                checkDatabase(objects, d, problems);
                checkScraped(objects, d, problems);
                checkGrace(d, shutdownTime(objects, d, properties.getOrDefault(service, new Properties())), problems);
            }, () -> problems.add("no Deployment/" + service));
        }
        return problems;
    }

    private static void checkKafkaClient(List<ObjectNode> objects, JsonNode env, List<String> problems) {
        String bootstrap = env.path("SATCHEL_KAFKA").asText();
        boolean matches = false;
        for (ObjectNode k : ofKind(objects, "Kafka")) {
            for (JsonNode l : k.at("/spec/kafka/listeners")) {
                String address = name(k) + "-kafka-bootstrap:" + l.path("port").asInt();
                matches |= address.equals(bootstrap) && l.path("tls").asBoolean()
                        && "scram-sha-512".equals(l.at("/authentication/type").asText());
            }
        }
        if (!matches || !"SASL_SSL".equals(env.path("KAFKA_SECURITY_PROTOCOL").asText())
                || !"SCRAM-SHA-512".equals(env.path("KAFKA_SASL_MECHANISM").asText())) {
            problems.add("satchel-config: SATCHEL_KAFKA '" + bootstrap + "' with " + env.path("KAFKA_SECURITY_PROTOCOL")
                    + "/" + env.path("KAFKA_SASL_MECHANISM") + " is not a TLS + SCRAM-SHA-512 listener's bootstrap");
        }
    }

    private static void checkDatabase(List<ObjectNode> objects, ObjectNode d, List<String> problems) {
        String url = env(objects, d, "SATCHEL_JDBC_URL");
        Matcher m = JDBC.matcher(url == null ? "" : url);
        boolean ok = m.matches() && ofKind(objects, "Cluster").stream().anyMatch(c -> m.group(1).equals(name(c) + "-rw"))
                && ofKind(objects, "Database").stream().anyMatch(db -> m.group(2).equals(db.at("/spec/name").asText()));
        if (!ok) {
            problems.add(id(d) + " SATCHEL_JDBC_URL '" + url + "' is not a rendered Database on a Cluster's -rw service");
        }
    }

    private static void checkScraped(List<ObjectNode> objects, ObjectNode d, List<String> problems) {
        JsonNode labels = d.at("/spec/template/metadata/labels");
        List<ObjectNode> services = ofKind(objects, "Service").stream()
                .filter(s -> Objects.selects(s.at("/spec/selector"), labels)).toList();
        boolean scraped = services.stream().anyMatch(s -> ofKind(objects, "ServiceMonitor").stream().anyMatch(sm ->
                Objects.selects(sm.at("/spec/selector/matchLabels"), s.at("/metadata/labels"))
                        && hasPort(s, sm.at("/spec/endpoints/0/port").asText())
                        && "/q/metrics".equals(sm.at("/spec/endpoints/0/path").asText())));
        if (!scraped) {
            problems.add(id(d) + " has no Service scraped by a ServiceMonitor on a named port at /q/metrics");
        }
    }

    /** The sum of the shutdown settings, each from the pod's environment if set there, else from the properties. */
    private static Duration shutdownTime(List<ObjectNode> objects, ObjectNode d, Properties p) {
        Duration total = Duration.ZERO;
        for (var e : SHUTDOWN_SETTINGS.entrySet()) {
            String fromEnv = env(objects, d, e.getValue());
            total = total.plus(duration(fromEnv != null ? fromEnv : p.getProperty(e.getKey())));
        }
        return total;
    }

    private static void checkGrace(ObjectNode d, Duration shutdown, List<String> problems) {
        JsonNode pod = d.at("/spec/template/spec");
        long preStop = 0;
        for (JsonNode c : pod.path("containers")) {
            preStop = Math.max(preStop, c.at("/lifecycle/preStop/sleep/seconds").asLong(0));
        }
        long needed = preStop + shutdown.toSeconds();
        long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
        if (grace <= needed) {
            problems.add(id(d) + " terminationGracePeriodSeconds " + grace + " does not cover preStop " + preStop
                    + " s + the service's shutdown " + shutdown.toSeconds() + " s");
        }
    }

    private static boolean hasPort(ObjectNode service, String port) {
        for (JsonNode p : service.at("/spec/ports")) {
            if (port.equals(p.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** An env var of the first container, given directly or through a ConfigMap it loads. */
    private static String env(List<ObjectNode> objects, ObjectNode d, String name) {
        JsonNode c = d.at("/spec/template/spec/containers/0");
        for (JsonNode e : c.path("env")) {
            if (name.equals(e.path("name").asText()) && e.has("value")) {
                return e.path("value").asText();
            }
        }
        for (JsonNode from : c.path("envFrom")) {
            var cm = Objects.find(objects, "ConfigMap", from.at("/configMapRef/name").asText());
            if (cm.isPresent() && cm.get().at("/data").has(name)) {
                return cm.get().at("/data").path(name).asText();
            }
        }
        return null;
    }

    /** A Quarkus duration: ISO-8601 (PT30S), or a number with an optional unit (30, 30s, 2m, 500ms). */
    static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String v = value.trim();
        if (v.toUpperCase().startsWith("P")) {
            return Duration.parse(v);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        if (!m.matches()) {
            throw new IllegalStateException("not a duration: " + value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
