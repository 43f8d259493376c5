package io.satchel.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real service process ({@code <service>/target/quarkus-app/quarkus-run.jar}) on its own HTTP port, with the
 * faults a scenario applies to it: kill -9, SIGTERM, SIGSTOP/SIGCONT, restart. Every start appends to the same log.
 */
public final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    private Process process;
    private Integer lastExitCode;

    ServiceProcess(String name, Path jar, Map<String, String> env, Path log, int port) {
        this.name = name;
        this.jar = jar;
        this.env = new HashMap<>(env);
        this.log = log;
        this.port = port;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public synchronized long pid() {
        requireStarted();
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process (not waiting); see {@link #awaitReady(Duration)}. */
    public synchronized ServiceProcess start() {
        if (isRunning()) {
            return this;
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC", "-jar",
                jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== harness: starting " + name + " on port " + port + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        lastExitCode = null;
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200 (fails when the process exits first). */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (process == null || !process.isAlive()) {
                    throw new IllegalStateException(name + " exited before it was ready; log " + log + ":\n"
                            + tail(40));
                }
            }
            if (isReady()) {
                return this;
            }
            Waits.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log " + log + ":\n" + tail(40));
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9: no shutdown hook, nothing committed that was not committed already. */
    public void kill9() {
        signal("KILL");
        awaitExit(Duration.ofSeconds(20));
    }

    /** SIGTERM (what Kubernetes sends); does not wait — see {@link #awaitExit(Duration)}. */
    public void sigterm() {
        signal("TERM");
    }

    /** SIGSTOP: the process freezes (no heartbeats, no I/O) until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    /** Starts it again after it stopped (or kills it first when it still runs) and waits until it is ready. */
    public ServiceProcess restart(Duration timeout) {
        if (isRunning()) {
            kill9();
        }
        return start().awaitReady(timeout);
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            if (process == null) {
                if (lastExitCode == null) {
                    throw new IllegalStateException(name + " was never started");
                }
                return lastExitCode;
            }
            p = process;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            lastExitCode = p.exitValue();
            if (process == p) {
                process = null;
            }
            return lastExitCode;
        }
    }

    /** Stops it for good at the end of a run: SIGTERM, then kill -9 after 20 s. */
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        resume(); // a paused process ignores SIGTERM until it runs again
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            process = null;
        }
    }

    /** The whole log so far (every start of this service). */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until the log contains {@code text} (e.g. "rendered", the start of a course's work). */
    public void awaitLog(String text, Duration timeout) {
        Waits.until(name + " logs \"" + text + "\"", timeout, () -> logText().contains(text));
    }

    private void signal(String signal) {
        long pid;
        synchronized (this) {
            requireStarted();
            pid = process.pid();
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
