package io.satchel.resilience;

import io.satchel.common.security.DevTokens;
import io.satchel.testing.FaultProxy;
import io.satchel.testing.KafkaBroker;
import io.satchel.testing.Paths;
import io.satchel.testing.PostgresServer;
import io.satchel.testing.RealInfrastructure;
import io.satchel.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole Satchel system as separate real processes on this machine: N renderers and M archivers (each its own
 * JVM in the service's consumer group), publish-listener and sync-api once, on one real Kafka broker, PostgreSQL and
 * S3 server (from {@link RealInfrastructure}, started as processes here so they can be killed too). The services
 * reach S3 through a {@link FaultProxy}, so a scenario can cut S3 for them while the harness still reads it.
 * Every service gets a random HTTP port, its own database, work dir and log under {@link #dir()}.
 */
public final class SatchelStack implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final Path dir;
    private final String prefix;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final S3Server s3;
    private final FaultProxy s3Proxy;
    private final KeyPair keys;
    private final Path publicKey;
    private final Map<String, String> extraEnv;
    private final Map<String, Map<String, String>> serviceEnv;
    // the lag scaler adds renderers from its own thread while scenarios read the list
    private final List<ServiceProcess> renderers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ServiceProcess> archivers = new ArrayList<>();
    private ServiceProcess publishListener;
    private ServiceProcess syncApi;
    private final SatchelClient client;

    /** What to start; {@code env} applies to every service, {@code serviceEnv} to one service (by module name). */
    public record Options(int renderers, int archivers, Map<String, String> env,
            Map<String, Map<String, String>> serviceEnv) {
        public static Options of(int renderers, int archivers) {
            return new Options(renderers, archivers, Map.of(), Map.of());
        }

        public Options withServiceEnv(String service, Map<String, String> values) {
            Map<String, Map<String, String>> all = new HashMap<>(serviceEnv);
            all.put(service, values);
            return new Options(renderers, archivers, env, all);
        }
    }

    private SatchelStack(Options options) {
        this.kafka = RealInfrastructure.controllableKafka();
        this.postgres = RealInfrastructure.postgres();
        this.s3 = RealInfrastructure.s3();
        URI s3Uri = URI.create(s3.endpoint());
        this.s3Proxy = new FaultProxy(s3Uri.getHost(), s3Uri.getPort());
        this.prefix = "r" + ProcessHandle.current().pid() + "_" + STACKS.incrementAndGet();
        this.extraEnv = options.env();
        this.serviceEnv = options.serviceEnv();
        this.keys = DevTokens.generateKeyPair();
        try {
            this.dir = Files.createTempDirectory("satchel-stack-");
            this.publicKey = dir.resolve("jwt-public.pem");
            Files.writeString(publicKey, DevTokens.publicKeyPem(keys.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.client = new SatchelClient(this);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "satchel-stack-stop"));
    }

    /** Starts everything and waits until every service is ready. */
    public static SatchelStack start(Options options) {
        SatchelStack stack = new SatchelStack(options);
        try {
            for (String db : List.of("publish", "renderer", "archiver", "sync")) {
                stack.createDatabase(stack.database(db));
            }
            stack.publishListener = stack.service("publish-listener", "publish", 0);
            stack.syncApi = stack.service("sync-api", "sync", 0);
            for (int i = 0; i < options.renderers(); i++) {
                stack.renderers.add(stack.service("renderer", "renderer", i));
            }
            for (int i = 0; i < options.archivers(); i++) {
                stack.archivers.add(stack.service("archiver", "archiver", i));
            }
            // one at a time first: Flyway of one instance must not race the next one's
            stack.startAll(List.of(stack.publishListener, stack.syncApi, stack.renderers.get(0),
                    stack.archivers.get(0)));
            stack.startAll(stack.renderers.subList(1, stack.renderers.size()));
            stack.startAll(stack.archivers.subList(1, stack.archivers.size()));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(List<ServiceProcess> services) {
        services.forEach(ServiceProcess::start);
        List<CompletableFuture<ServiceProcess>> ready = services.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> s.awaitReady(START_TIMEOUT))).toList();
        ready.forEach(CompletableFuture::join);
    }

    /** One more renderer in the group (scaling up); started and ready. */
    public ServiceProcess addRenderer() {
        return addRenderers(1).get(0);
    }

    /** {@code n} more renderers in the group, started together (as a Deployment scales) and all ready. */
    public List<ServiceProcess> addRenderers(int n) {
        List<ServiceProcess> added = new ArrayList<>();
        synchronized (renderers) {
            for (int i = 0; i < n; i++) {
                ServiceProcess r = service("renderer", "renderer", renderers.size());
                renderers.add(r);
                added.add(r);
            }
        }
        startAll(added);
        return added;
    }

    private ServiceProcess service(String module, String db, int index) {
        String name = module + (module.equals("renderer") || module.equals("archiver") ? "-" + (index + 1) : "");
        Path jar = repo().resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": package the services first (./mvnw -B verify from the"
                    + " root builds them before this module)");
        }
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SATCHEL_KAFKA", kafka.bootstrapServers());
        env.put("SATCHEL_S3_ENDPOINT", "http://127.0.0.1:" + s3Proxy.port());
        env.put("SATCHEL_S3_ACCESS_KEY", s3.accessKey());
        env.put("SATCHEL_S3_SECRET_KEY", s3.secretKey());
        env.put("SATCHEL_S3_BUCKET", bucket());
        env.put("SATCHEL_JDBC_URL", jdbcUrl(database(db)));
        env.put("SATCHEL_DB_USER", postgres.user());
        env.put("SATCHEL_DB_PASSWORD", postgres.password());
        env.put("SATCHEL_JWT_PUBLIC_KEY_LOCATION", "file:" + publicKey);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SATCHEL_" + module.toUpperCase().replace('-', '_') + "_PORT", String.valueOf(port));
        Path work = dir.resolve(name);
        env.put("SATCHEL_RENDERER_WORK_DIR", work.resolve("renderer-work").toString());
        env.put("SATCHEL_ARCHIVER_WORK_DIR", work.resolve("archiver-work").toString());
        env.putAll(extraEnv);
        env.putAll(serviceEnv.getOrDefault(module, Map.of()));
        return new ServiceProcess(name, jar, env, dir.resolve("logs/" + name + ".log"), port);
    }

    public SatchelClient client() {
        return client;
    }

    public Path dir() {
        return dir;
    }

    public KeyPair keys() {
        return keys;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The S3 server itself (stop/start = a real outage of the process; objects stay on disk). */
    public S3Server s3() {
        return s3;
    }

    /** The proxy every service reaches S3 through: {@code cut()} is an S3 outage for the services. */
    public FaultProxy s3Proxy() {
        return s3Proxy;
    }

    public String bucket() {
        return prefix.replace('_', '-') + "-satchel";
    }

    public List<ServiceProcess> renderers() {
        return renderers;
    }

    public List<ServiceProcess> archivers() {
        return archivers;
    }

    public ServiceProcess publishListener() {
        return publishListener;
    }

    public ServiceProcess syncApi() {
        return syncApi;
    }

    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        if (publishListener != null) {
            all.add(publishListener);
        }
        if (syncApi != null) {
            all.add(syncApi);
        }
        all.addAll(renderers);
        all.addAll(archivers);
        return all;
    }

    /** The service database of one role ({@code publish}, {@code renderer}, {@code archiver}, {@code sync}). */
    public String database(String role) {
        return prefix + "_" + role;
    }

    public Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database(role)), postgres.user(), postgres.password());
    }

    private String jdbcUrl(String database) {
        String base = postgres.jdbcUrl();
        int slash = base.lastIndexOf('/');
        int query = base.indexOf('?', slash);
        return base.substring(0, slash + 1) + database + (query < 0 ? "" : base.substring(query));
    }

    private void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> stops = services().stream()
                .map(s -> CompletableFuture.runAsync(s::stop)).toList();
        stops.forEach(CompletableFuture::join);
        s3Proxy.cut();
    }

    static Path repo() {
        return Paths.repo();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
