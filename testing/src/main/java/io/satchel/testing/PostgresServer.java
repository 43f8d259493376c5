package io.satchel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.containers.PostgreSQLContainer;

/** A real PostgreSQL: from SATCHEL_TEST_JDBC_URL, Testcontainers, or the Debian binaries in a throwaway data dir. */
public final class PostgresServer {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<String> pgCtl; // pg_ctl -D <data> as the postgres user; null unless this JVM started it
    private final String startOptions;

    private PostgresServer(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, null, null);
    }

    private PostgresServer(String jdbcUrl, String user, String password, List<String> pgCtl, String startOptions) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.pgCtl = pgCtl;
        this.startOptions = startOptions;
    }

    /** True when this harness started the server and can stop and restart it (outage and crash tests). */
    public boolean isControllable() {
        return pgCtl != null;
    }

    /** Stops the server like a crash ({@code pg_ctl -m immediate}: no checkpoint, clients cut); data stays. */
    public void stop() {
        requireControllable();
        ManagedProcess.run(with(pgCtl, "-m", "immediate", "stop"), logOf());
    }

    /** Starts it again on the same port (crash recovery runs first). */
    public void start() {
        requireControllable();
        ManagedProcess.run(with(pgCtl, "-w", "-t", "60", "-o", startOptions, "start"), logOf());
    }

    private Path logOf() {
        return Path.of(pgCtl.get(pgCtl.indexOf("-D") + 1)).getParent().resolve("postgres.log");
    }

    private void requireControllable() {
        if (pgCtl == null) {
            throw new IllegalStateException("PostgreSQL was not started by this harness");
        }
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    static PostgresServer start(Path workDir) {
        String env = System.getenv("SATCHEL_TEST_JDBC_URL");
        if (env != null && !env.isBlank()) {
            return new PostgresServer(env, envOr("SATCHEL_TEST_JDBC_USER", "postgres"),
                    envOr("SATCHEL_TEST_JDBC_PASSWORD", ""));
        }
        if (Docker.available()) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:15-alpine");
            c.start();
            return new PostgresServer(c.getJdbcUrl(), c.getUsername(), c.getPassword());
        }
        return startProcess(workDir.resolve("postgres"));
    }

    private static PostgresServer startProcess(Path dir) {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        int port = ManagedProcess.freePort();
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        try {
            Files.createDirectories(dir);
            if (root) {
                // initdb refuses root: the cluster belongs to the postgres user.
                ManagedProcess.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir.resolve("chown.log"));
            }
            ManagedProcess.run(as(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-locale"), log);
            ManagedProcess.run(with(pgCtl(root, bin, data, dir), "-w", "-o", options(port, dir), "start"), log);
            ManagedProcess.run(as(root, bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "-U", "postgres", "satchel"), log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new ProcessBuilder(as(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "stop")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor();
            } catch (Exception ignored) {
                // the JVM is going away; nothing else to do
            }
        }));
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/satchel", "postgres", "",
                pgCtl(root, bin, data, dir), options(port, dir));
    }

    private static List<String> pgCtl(boolean root, Path bin, Path data, Path dir) {
        return as(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString());
    }

    /**
     * Fast but crash-safe for what tests do to it (kill the process, never the machine): fsync and full-page writes
     * are off, since the OS keeps what was written. synchronous_commit stays on: off, a commit is acknowledged before
     * its WAL leaves PostgreSQL's own buffers, and an immediate stop forgets the last ~0.6 s of commits (a course
     * made live just before the stop came back 404 in StoreOutageIT).
     */
    private static String options(int port, Path dir) {
        return "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c full_page_writes=off -c max_connections=200";
    }

    private static List<String> as(boolean root, String... cmd) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(cmd));
        return out;
    }

    private static Path findBinaries() {
        Path found = lookForBinaries();
        if (found == null && "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            // A fresh Debian machine: the one test command installs what the tests need.
            System.err.println("[satchel-testing] PostgreSQL server binaries missing: apt-get install -y postgresql");
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "satchel-apt-postgresql.log");
            ManagedProcess.run(List.of("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get update -qq && "
                    + "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"), log);
            found = lookForBinaries();
        }
        if (found != null) {
            return found;
        }
        throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql: "
                + "install them (apt-get install -y postgresql) or set SATCHEL_TEST_JDBC_URL");
    }

    private static Path lookForBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException ignored) {
                // treated as not installed
            }
        }
        return null;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    Map<String, String> config() {
        return Map.of("quarkus.datasource.jdbc.url", jdbcUrl, "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }
}
