package io.satchel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Kafka, PostgreSQL and S3 of this test JVM, each started at most once per run (lazily, on first use) and
 * stopped when the JVM exits. Each comes from, in order: an endpoint in the environment
 * ({@code SATCHEL_TEST_KAFKA}, {@code SATCHEL_TEST_JDBC_URL}, {@code SATCHEL_TEST_S3}), Testcontainers when Docker
 * answers, else a local process.
 */
public final class RealInfrastructure {
    private static Path workDir;
    private static KafkaBroker kafka;
    private static KafkaBroker ownKafka;
    private static PostgresServer postgres;
    private static S3Server s3;

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(workDir());
        }
        return kafka;
    }

    /**
     * A broker this harness can stop and start: the shared one when it started it, else one of its own (from the
     * infra module's Kafka jars). A test that stops Kafka points its service at this one (e.g. a QuarkusTestProfile
     * overriding {@code kafka.bootstrap.servers}), so it runs whatever infrastructure the others use.
     */
    public static synchronized KafkaBroker controllableKafka() {
        if (kafka().isControllable()) {
            return kafka;
        }
        if (ownKafka == null) {
            ownKafka = KafkaBroker.startOwnProcess(workDir());
        }
        return ownKafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(workDir());
        }
        return postgres;
    }

    public static synchronized S3Server s3() {
        if (s3 == null) {
            s3 = S3Server.start(workDir());
        }
        return s3;
    }

    /** Quarkus configuration pointing a service at all three, plus the test JWT key. */
    public static Map<String, String> quarkusConfig() {
        Map<String, String> config = new HashMap<>();
        config.putAll(kafka().config());
        config.putAll(postgres().config());
        config.putAll(s3().config());
        config.putAll(TestTokens.quarkusConfig());
        return config;
    }

    private static synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("satchel-test-infra-");
                // postgres (the user) must be able to enter the directory when the JVM runs as root
                workDir.toFile().setExecutable(true, false);
                workDir.toFile().setReadable(true, false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(RealInfrastructure::shutdown, "satchel-infra-stop"));
        }
        return workDir;
    }

    private static void shutdown() {
        if (kafka != null && kafka.isControllable()) {
            kafka.stop();
        }
        if (ownKafka != null) {
            ownKafka.stop();
        }
        if (s3 != null && s3.isControllable()) {
            s3.stop();
        }
        // PostgreSQL stops in its own hook; give it a moment, then remove the data.
        ManagedProcess.sleep(300);
        if (!"1".equals(System.getenv("SATCHEL_TEST_KEEP"))) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; the OS cleans up what is left
            }
        }
    }

    private RealInfrastructure() {
    }
}
