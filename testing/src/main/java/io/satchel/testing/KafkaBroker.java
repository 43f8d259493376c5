package io.satchel.testing;

import io.satchel.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.testcontainers.kafka.KafkaContainer;

/** A real Kafka broker (KRaft): from SATCHEL_TEST_KAFKA, Testcontainers, or a broker process from infra/target/kafka. */
public final class KafkaBroker {
    public static final int PARTITIONS = 3;

    private final String bootstrapServers;
    private final ManagedProcess process; // null unless this JVM started it
    private final int port;

    private KafkaBroker(String bootstrapServers, ManagedProcess process, int port) {
        this.bootstrapServers = bootstrapServers;
        this.process = process;
        this.port = port;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when this harness started the broker and can stop and restart it (outage tests). */
    public boolean isControllable() {
        return process != null;
    }

    /** Stops the broker (its data stays); {@link #start()} brings it back on the same port. */
    public void stop() {
        requireControllable();
        process.stop();
    }

    /** kill -9 of the broker process (crash tests); {@link #start()} brings it back with its data. */
    public void kill() {
        requireControllable();
        process.kill();
    }

    public void start() {
        requireControllable();
        if (!process.isRunning()) {
            process.start(port, Duration.ofSeconds(60));
            awaitReady();
        }
    }

    private void requireControllable() {
        if (process == null) {
            throw new IllegalStateException("the Kafka broker was not started by this harness");
        }
    }

    static KafkaBroker start(Path workDir) {
        String env = System.getenv("SATCHEL_TEST_KAFKA");
        KafkaBroker broker;
        if (env != null && !env.isBlank()) {
            broker = new KafkaBroker(env, null, -1);
        } else if (Docker.available()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
            container.start();
            broker = new KafkaBroker(container.getBootstrapServers(), null, -1);
        } else {
            broker = startProcess(workDir.resolve("kafka"));
        }
        broker.awaitReady();
        broker.createTopics();
        return broker;
    }

    /**
     * A broker process of this JVM's own, for outage tests when the shared broker came from the environment or
     * Testcontainers (a Kafka client follows the broker's advertised address, so no proxy can cut those).
     */
    static KafkaBroker startOwnProcess(Path workDir) {
        KafkaBroker broker = startProcess(workDir.resolve("kafka-own"));
        broker.awaitReady();
        broker.createTopics();
        return broker;
    }

    private static KafkaBroker startProcess(Path dir) {
        Path lib = Paths.infra().resolve("kafka");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no Kafka jars in " + lib + ": build the infra module first (./mvnw -pl infra package)");
        }
        int port = ManagedProcess.freePort();
        int controllerPort = ManagedProcess.freePort();
        try {
            Files.createDirectories(dir);
            Path props = dir.resolve("server.properties");
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=" + PARTITIONS,
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "default.replication.factor=1",
                    "min.insync.replicas=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    "") );
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = lib + "/*";
            Path log = dir.resolve("kafka.log");
            ManagedProcess.run(List.of(java, "-cp", cp, "kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", props.toString()), log);
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                    "-Dlog4j2.configurationFile=" + writeLog4j(dir), "-cp", cp, "kafka.Kafka", props.toString()));
            ManagedProcess process = new ManagedProcess("kafka", cmd, log);
            process.start(port, Duration.ofSeconds(60));
            return new KafkaBroker("127.0.0.1:" + port, process, port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String writeLog4j(Path dir) throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n", "rootLogger.level=WARN", "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console", "appender.out.name=out", "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d %p %c{1} %m%n", ""));
        return file.toString();
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            ManagedProcess.sleep(200);
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready", last);
    }

    /** The three public topics and their DLQs, {@value #PARTITIONS} partitions each. */
    private void createTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String t : Topics.ALL) {
                for (String name : List.of(t, Topics.deadLetter(t))) {
                    if (!existing.contains(name)) {
                        topics.add(new NewTopic(name, PARTITIONS, (short) 1));
                    }
                }
            }
            if (!topics.isEmpty()) {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
            }
        }
    }

    Map<String, String> config() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers);
    }
}
