package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/lib.sh decides whether {@code up} may skip starting a component: only when the pid in its pid file is
 * alive, not a zombie, our own process (its command line names the component) and answering on its port.
 */
class LocalStackPidsTest {
    private final Path repo = Path.of(System.getProperty("satchel.repo.dir",
            Path.of("..").toAbsolutePath().normalize().toString()));
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path home;

    private int port;

    @BeforeEach
    void pidsDir() throws IOException {
        Files.createDirectories(home.resolve("pids"));
        port = LocalStack.freePort();
    }

    @AfterEach
    void stopHelpers() {
        started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aRecycledPidIsNotTheService() throws Exception {
        long other = start("sleep", "60").pid(); // alive, but not sync-api
        pidFile("sync-api", other);
        assertEquals(1, lib("alive_pid sync-api"));
        assertEquals(1, lib("running sync-api 1"));
        assertTrue(ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false), "a stranger is never killed");
    }

    @Test
    void aProcessThatJustDiedIsNotAlive() throws Exception {
        // a child that exited and was not reaped yet: kill -0 still succeeds (what up used to trust)
        Process parent = start("python3", "-c", "import os,time\npid=os.fork()\nif pid==0: os._exit(0)\n"
                + "print(pid, flush=True)\ntime.sleep(60)");
        long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8)).readLine().trim());
        Thread.sleep(300);
        pidFile("sync-api", zombie);
        assertEquals(0, lib("kill -0 " + zombie), "the dead process still has its pid");
        assertEquals(1, lib("alive_pid sync-api"));
        assertEquals(1, lib("running sync-api 1"));
    }

    @Test
    void ourProcessAnsweringOnItsPortIsRunning() throws Exception {
        long pid = fakeService(true).pid();
        pidFile("sync-api", pid);
        assertEquals(0, lib("alive_pid sync-api"));
        assertEquals(0, lib("running sync-api 5"));
    }

    @Test
    void ourProcessThatNeverAnswersIsStoppedSoUpStartsItAgain() throws Exception {
        Process silent = fakeService(false);
        pidFile("sync-api", silent.pid());
        assertEquals(0, lib("alive_pid sync-api"));
        assertEquals(1, lib("running sync-api 1"));
        assertTrue(silent.waitFor(15, TimeUnit.SECONDS), "the hung process was stopped");
        assertFalse(Files.exists(home.resolve("pids/sync-api.pid")));
    }

    /** A process whose command line names sync-api's jar (as up starts it), listening on the port or not. */
    private Process fakeService(boolean listening) throws IOException {
        String jar = repo.resolve("sync-api/target/quarkus-app/quarkus-run.jar").toString();
        String code = "import socket,time\n" + (listening
                ? "s=socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                        + "s.bind(('127.0.0.1'," + port + "))\ns.listen()\n" : "")
                + "time.sleep(60)";
        return start("python3", "-c", code, "-jar", jar);
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    private void pidFile(String component, long pid) throws IOException {
        Files.writeString(home.resolve("pids/" + component + ".pid"), pid + "\n");
    }

    /** Runs {@code snippet} after sourcing lib.sh with this test's SATCHEL_HOME and port; its exit code. */
    private int lib(String snippet) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source deploy/local/lib.sh; " + snippet)
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SATCHEL_HOME", home.toString());
        pb.environment().put("SATCHEL_SYNC_API_PORT", String.valueOf(port));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), snippet + " did not finish");
        return p.exitValue();
    }
}
