package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real local stack ({@code deploy/local/up}) for an end-to-end test: random ports, its own SATCHEL_HOME, stopped
 * and purged by {@link #stop()}. Fails (does not build) when the service jars are missing or older than their sources:
 * a CI run must never turn this end-to-end test into a skip.
 */
final class LocalStack {
    private static final Duration STACK_TIMEOUT = Duration.ofMinutes(12);

    final Path repo;
    /** Script logs, homes and tarballs of the test: outside SATCHEL_HOME, which down --purge deletes. */
    final Path work;
    final int syncPort;
    final int publishPort;
    final int kafkaPort;
    final int s3Port;
    private final Map<String, String> env = new HashMap<>();
    private boolean started;

    private LocalStack(Path repo) throws IOException {
        this.repo = repo;
        this.work = Files.createTempDirectory("satchel-e2e-work-");
        syncPort = freePort();
        publishPort = freePort();
        kafkaPort = freePort();
        s3Port = freePort();
        env.put("SATCHEL_HOME", Files.createTempDirectory("satchel-e2e-").toString());
        env.put("SATCHEL_SYNC_API_PORT", String.valueOf(syncPort));
        env.put("SATCHEL_PUBLISH_LISTENER_PORT", String.valueOf(publishPort));
        env.put("SATCHEL_RENDERER_PORT", String.valueOf(freePort()));
        env.put("SATCHEL_ARCHIVER_PORT", String.valueOf(freePort()));
        env.put("SATCHEL_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("SATCHEL_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("SATCHEL_S3_PORT", String.valueOf(s3Port));
        env.put("SATCHEL_PG_PORT", String.valueOf(freePort()));
    }

    /** Starts the stack, or fails the test class when it cannot run here without a nested build. */
    static LocalStack start() throws Exception {
        Path repo = Path.of(System.getProperty("satchel.repo.dir",
                Path.of("..").toAbsolutePath().normalize().toString()));
        Path up = repo.resolve("deploy/local/up");
        assertTrue(Files.isExecutable(up), up + " is missing or not executable");
        // up rebuilds (./mvnw install at the root) when a jar is missing or older than its sources; a test must not
        // set off that nested build, so it runs only after the reactor packaged every service (./mvnw verify).
        for (String service : List.of("publish-listener", "renderer", "archiver", "sync-api")) {
            Path jar = repo.resolve(service + "/target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.exists(jar), service + " is not packaged: run ./mvnw verify from the root (it packages"
                    + " every service before the client's end-to-end tests)");
            long built = Files.getLastModifiedTime(jar).toMillis();
            for (String src : List.of(service + "/src/main", service + "/pom.xml", "events/src/main", "common/src/main")) {
                assertTrue(newest(repo.resolve(src)) <= built,
                        service + " jar is older than " + src + ": run ./mvnw verify from the root");
            }
        }
        LocalStack stack = new LocalStack(repo);
        stack.started = true; // from here on, down must run even if up fails half-way
        Script result = stack.script(STACK_TIMEOUT, "deploy/local/up");
        if (result.code() != 0) {
            fail("deploy/local/up failed (" + result.code() + "):\n" + tail(result.output(), 40));
        }
        return stack;
    }

    void stop() throws IOException {
        try {
            if (started) {
                Script down = script(Duration.ofMinutes(2), "deploy/local/down", "--purge");
                if (down.code() != 0) {
                    System.err.println("deploy/local/down failed:\n" + tail(down.output(), 20));
                }
            }
        } catch (Exception e) {
            System.err.println("deploy/local/down failed: " + e);
        } finally {
            deleteTree(work);
        }
    }

    String syncApi() {
        return "http://127.0.0.1:" + syncPort;
    }

    String publishListener() {
        return "http://127.0.0.1:" + publishPort;
    }

    String token(String user, String roles) throws Exception {
        Script t = script(Duration.ofMinutes(2), "deploy/local/token", user, roles);
        assertEquals(0, t.code(), t.output());
        List<String> lines = t.output().lines().map(String::trim).filter(l -> l.matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .toList();
        assertFalse(lines.isEmpty(), "no JWT printed: " + t.output());
        return lines.get(lines.size() - 1);
    }

    record Script(int code, String output) {
    }

    /** Runs a deploy/local script with the stack's environment; output (stdout+stderr) goes to a log file. */
    Script script(Duration timeout, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, repo.resolve(command[0]).toString());
        Path log = Files.createTempFile(work, "script-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Script(-1, Files.readString(log) + "\n(timed out after " + timeout + ")");
        }
        return new Script(p.exitValue(), Files.readString(log));
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Newest modification time of a file or of anything below a folder (0 when absent). */
    private static long newest(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
