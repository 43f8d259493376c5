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

/**
 * A real PostgreSQL: from SATCHEL_TEST_JDBC_URL, Testcontainers, or the Debian binaries in a throwaway data dir.
 * Outage tests {@link #stop()} and {@link #start()} it: a server this harness started is stopped with pg_ctl (data
 * kept); any other is reached through a {@link FaultProxy} that is cut.
 */
public final class PostgresServer {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<String> pgCtlStart; // the process this harness started; null otherwise
    private final List<String> pgCtlStop;
    private final FaultProxy proxy; // in front of a server this harness did not start; null otherwise

    private PostgresServer(String jdbcUrl, String user, String password, List<String> pgCtlStart,
            List<String> pgCtlStop) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.pgCtlStart = pgCtlStart;
        this.pgCtlStop = pgCtlStop;
        this.proxy = null;
    }

    /** A server from elsewhere ({@code jdbc:postgresql://host:port/db...}), behind a proxy outage tests can cut. */
    private PostgresServer(String upstreamJdbcUrl, String user, String password) {
        java.net.URI uri = java.net.URI.create(upstreamJdbcUrl.substring("jdbc:".length()));
        this.proxy = new FaultProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        this.user = user;
        this.password = password;
        this.pgCtlStart = null;
        this.pgCtlStop = null;
    }

    /** Stops the server (or cuts every connection to it): clients see connections refused until {@link #start()}. */
    public synchronized void stop() {
        if (proxy != null) {
            proxy.cut();
        } else {
            ManagedProcess.run(pgCtlStop, Path.of(System.getProperty("java.io.tmpdir"), "satchel-pg-ctl.log"));
        }
    }

    /** Brings the server back on the same port with the same data. */
    public synchronized void start() {
        if (proxy != null) {
            proxy.restore();
        } else {
            ManagedProcess.run(pgCtlStart, Path.of(System.getProperty("java.io.tmpdir"), "satchel-pg-ctl.log"));
        }
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
        List<String> pgCtlStart = as(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start");
        List<String> pgCtlStop = as(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                "-w", "stop");
        try {
            Files.createDirectories(dir);
            if (root) {
                // initdb refuses root: the cluster belongs to the postgres user.
                ManagedProcess.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir.resolve("chown.log"));
            }
            ManagedProcess.run(as(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-locale"), log);
            ManagedProcess.run(pgCtlStart, log);
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
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/satchel", "postgres", "", pgCtlStart,
                pgCtlStop);
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
