package io.satchel.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a service's application.properties says about Kafka: its SmallRye channels (topics, consumer group,
 * auto.offset.reset, dead-letter topic), read the way SmallRye Reactive Messaging and Quarkus read them. Profile
 * entries (%test. ...) are ignored: the overlays run the prod profile.
 */
record ServiceKafkaConfig(String service, List<Incoming> incoming, Set<String> produced) {

    /** One incoming channel. {@code deadLetterTopic} is null unless failure-strategy=dead-letter-queue. */
    record Incoming(String channel, List<String> topics, String group, String autoOffsetReset, String deadLetterTopic) {
    }

    static ServiceKafkaConfig read(String service) {
        return parse(service, Project.applicationProperties(service));
    }

    static ServiceKafkaConfig parse(String service, Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return of(service, p);
    }

    static ServiceKafkaConfig of(String service, Properties p) {
        Map<String, Map<String, String>> in = channels(p, "mp.messaging.incoming.");
        Map<String, Map<String, String>> out = channels(p, "mp.messaging.outgoing.");
        // Quarkus: a channel's group.id defaults to the application name
        String app = p.getProperty("quarkus.application.name", service);
        List<Incoming> incoming = new ArrayList<>();
        Set<String> produced = new TreeSet<>();
        in.forEach((channel, c) -> {
            if ("true".equals(c.get("pattern"))) {
                throw new IllegalStateException(service + ": channel " + channel + " subscribes by pattern; "
                        + "the ACL and scaling checks need literal topics");
            }
            String strategy = c.getOrDefault("failure-strategy", "fail");
            if (!Set.of("fail", "ignore", "dead-letter-queue").contains(strategy)) {
                throw new IllegalStateException(service + ": channel " + channel + " uses failure-strategy "
                        + strategy + ", which these checks do not know the topics of: extend ServiceKafkaConfig");
            }
            String dlq = "dead-letter-queue".equals(strategy)
                    ? c.getOrDefault("dead-letter-queue.topic", "dead-letter-topic-" + channel) : null;
            incoming.add(new Incoming(channel, topics(c, channel), c.getOrDefault("group.id", app),
                    c.getOrDefault("auto.offset.reset", "latest"), dlq));
            if (dlq != null) {
                produced.add(dlq);
            }
        });
        out.forEach((channel, c) -> produced.addAll(topics(c, channel)));
        return new ServiceKafkaConfig(service, List.copyOf(incoming), Set.copyOf(produced));
    }

    static ServiceKafkaConfig of(String service, InputStream properties) throws IOException {
        Properties p = new Properties();
        p.load(properties);
        return of(service, p);
    }

    Incoming incomingOf(String topic) {
        return incoming.stream().filter(i -> i.topics().contains(topic)).findFirst().orElse(null);
    }

    private static List<String> topics(Map<String, String> c, String channel) {
        if (c.containsKey("topics")) {
            return Arrays.stream(c.get("topics").split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        return List.of(c.getOrDefault("topic", channel));
    }

    /** channel → (attribute → value) for the keys under {@code prefix} whose connector is smallrye-kafka. */
    private static Map<String, Map<String, String>> channels(Properties p, String prefix) {
        Map<String, Map<String, String>> channels = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot > 0) {
                channels.computeIfAbsent(rest.substring(0, dot), k -> new TreeMap<>())
                        .put(rest.substring(dot + 1), p.getProperty(key).trim());
            }
        }
        channels.values().removeIf(c -> !"smallrye-kafka".equals(c.get("connector")));
        return channels;
    }
}
