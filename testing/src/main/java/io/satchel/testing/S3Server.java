package io.satchel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.MinIOContainer;

/** A real S3 server: from SATCHEL_TEST_S3, MinIO in Testcontainers, or an S3Proxy process (filesystem backend). */
public final class S3Server {
    public static final String ACCESS_KEY = "satchel";
    public static final String SECRET_KEY = "satchel-secret";

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final ManagedProcess process;
    private final int port;
    private final FaultProxy proxy; // in front of a server this harness did not start; null otherwise

    private S3Server(String endpoint, String accessKey, String secretKey, ManagedProcess process, int port) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
        this.port = port;
        this.proxy = null;
    }

    /** An S3 server from elsewhere, reached through a {@link FaultProxy} so outage tests can still cut it. */
    private S3Server(String upstream, String accessKey, String secretKey) {
        java.net.URI uri = java.net.URI.create(upstream);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalStateException("outage tests need a plain-http S3 endpoint, not " + upstream);
        }
        this.proxy = new FaultProxy(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        this.endpoint = "http://127.0.0.1:" + proxy.port();
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = null;
        this.port = proxy.port();
    }

    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Always true: a server this harness started is stopped; any other is cut at its {@link FaultProxy}. */
    public boolean isControllable() {
        return process != null || proxy != null;
    }

    /** Stops the server (objects stay on disk); {@link #start()} brings it back on the same port. */
    public void stop() {
        if (proxy != null) {
            proxy.cut();
        } else {
            process.stop();
        }
    }

    /** kill -9 of a server process this harness started (crash tests); else the same cut as {@link #stop()}. */
    public void kill() {
        if (proxy != null) {
            proxy.cut();
        } else {
            process.kill();
        }
    }

    public void start() {
        if (proxy != null) {
            proxy.restore();
        } else if (!process.isRunning()) {
            process.start(port, Duration.ofSeconds(60));
        }
    }

    static S3Server start(Path workDir) {
        String env = System.getenv("SATCHEL_TEST_S3");
        if (env != null && !env.isBlank()) {
            return new S3Server(env, envOr("SATCHEL_TEST_S3_ACCESS_KEY", ACCESS_KEY),
                    envOr("SATCHEL_TEST_S3_SECRET_KEY", SECRET_KEY));
        }
        if (Docker.available()) {
            MinIOContainer c = new MinIOContainer("minio/minio:RELEASE.2024-10-13T13-34-11Z")
                    .withUserName(ACCESS_KEY).withPassword(SECRET_KEY);
            c.start();
            return new S3Server(c.getS3URL(), ACCESS_KEY, SECRET_KEY);
        }
        return startProcess(workDir.resolve("s3"));
    }

    private static S3Server startProcess(Path dir) {
        Path jar = Paths.infra().resolve("s3proxy/s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no S3Proxy at " + jar + ": build the infra module first (./mvnw -pl infra package)");
        }
        int port = ManagedProcess.freePort();
        try {
            Files.createDirectories(dir.resolve("data"));
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + dir.resolve("data"),
                    ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ManagedProcess process = new ManagedProcess("s3proxy",
                    List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--properties", props.toString()),
                    dir.resolve("s3proxy.log"));
            process.start(port, Duration.ofSeconds(60));
            return new S3Server("http://127.0.0.1:" + port, ACCESS_KEY, SECRET_KEY, process, port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    Map<String, String> config() {
        return Map.of("satchel.s3.endpoint", endpoint, "satchel.s3.access-key", accessKey,
                "satchel.s3.secret-key", secretKey);
    }
}
