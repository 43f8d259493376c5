package io.satchel.client.cli;

import io.satchel.client.api.ApiErrorException;
import io.satchel.client.api.ServerUnreachableException;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.completion.CompletionCalculator;
import io.satchel.client.completion.CourseCompletion;
import io.satchel.client.download.ConsoleProgressBar;
import io.satchel.client.download.ContentLayout;
import io.satchel.client.download.Downloader;
import io.satchel.client.store.DeadLetter;
import io.satchel.client.store.DownloadedBlock;
import io.satchel.client.store.LocalStore;
import io.satchel.client.sync.Backoff;
import io.satchel.client.sync.ProgressRecorder;
import io.satchel.client.sync.PushReport;
import io.satchel.client.sync.SyncReport;
import io.satchel.client.sync.Synchronizer;
import io.satchel.events.EventJson;
import io.satchel.events.Timestamps;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./deploy/local/learner}: the reference offline client on the command line. Exit codes: 0 success (progress
 * queued offline included), 2 usage error, 3 server needed but unreachable, 1 anything else. Errors are one line.
 */
@Command(name = "learner", mixinStandardHelpOptions = true, version = "satchel learner 0.1",
        description = "Satchel reference offline client: download courses, record progress offline, sync.",
        subcommands = {LearnerCli.Download.class, LearnerCli.Progress.class, LearnerCli.Sync.class,
            LearnerCli.Courses.class, LearnerCli.Status.class, LearnerCli.Open.class})
public final class LearnerCli implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    @Option(names = "--server", description = "sync-api base URL (default http://127.0.0.1:$SATCHEL_SYNC_API_PORT or 8080)")
    String server;

    @Option(names = "--token", description = "JWT (default $SATCHEL_TOKEN)")
    String token;

    @Option(names = "--home", description = "client data folder (default ~/.satchel-learner)")
    Path home;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private LocalStore store;
    private SyncApiClient api;
    private final Map<String, String> env;
    private final Clock clock = Clock.systemUTC();

    public LearnerCli() {
        this(System.getenv());
    }

    LearnerCli(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(new LearnerCli(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; returns the exit code. Usable from tests with captured writers. */
    public static int run(LearnerCli cli, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("learner: " + oneLine(ex));
            commandLine.getErr().flush();
            return exitCodeFor(ex);
        });
        try {
            return cmd.execute(args);
        } finally {
            cli.close();
            out.flush();
            err.flush();
        }
    }

    static int exitCodeFor(Exception ex) {
        if (ex instanceof ServerUnreachableException) {
            return EXIT_UNREACHABLE;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof SyncApiClient.MissingTokenException) {
            return EXIT_USAGE;
        }
        return EXIT_FAILURE;
    }

    private static String oneLine(Throwable ex) {
        String m = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }

    // ---- wiring ----

    Path home() {
        return home != null ? home : Path.of(System.getProperty("user.home"), ".satchel-learner");
    }

    LocalStore store() {
        if (store == null) {
            store = LocalStore.open(home().resolve("satchel.db"));
        }
        return store;
    }

    SyncApiClient api() {
        if (api == null) {
            String base = server;
            if (base == null || base.isBlank()) {
                base = "http://127.0.0.1:" + env.getOrDefault("SATCHEL_SYNC_API_PORT", "8080");
            }
            URI uri;
            try {
                uri = URI.create(base.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--server is not a URL: " + base);
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("--server is not an http(s) URL: " + base);
            }
            api = new SyncApiClient(uri, token != null ? token : env.get("SATCHEL_TOKEN"));
        }
        return api;
    }

    Synchronizer synchronizer() {
        return new Synchronizer(store(), api(), Backoff.DEFAULT, clock);
    }

    void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private static String json(Object value) {
        return EventJson.toString(value);
    }

    // ---- commands ----

    @Command(name = "download", description = "Download or update a course's offline content.")
    static final class Download implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;
        @Parameters(index = "0", paramLabel = "COURSE_ID")
        String courseId;
        @Option(names = "--under", paramLabel = "BLOCK_ID", description = "only blocks below this chapter/section")
        String under;
        @Option(names = "--full", description = "download the course zip in one request")
        boolean full;

        @Override
        public Integer call() throws Exception {
            Downloader downloader = new Downloader(cli.store(), cli.api(), new ContentLayout(cli.home()), cli.clock);
            Downloader.Report r = downloader.download(courseId, under, full, ConsoleProgressBar.forTerminal());
            PrintWriter out = cli.spec.commandLine().getOut();
            r.fetched().forEach(id -> out.println("fetched " + id));
            r.removed().forEach(id -> out.println("removed " + id));
            out.println("downloaded " + r.fetched().size() + " block(s), " + r.upToDate() + " up to date, "
                    + r.removed().size() + " removed" + (r.viaCourseZip() ? " (course zip)" : "")
                    + (r.manifestChanged() ? "" : "; manifest unchanged"));
            return 0;
        }
    }

    @Command(name = "progress", description = "Record progress locally; send it now if online, else queue it.")
    static final class Progress implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;
        @Parameters(index = "0", paramLabel = "COURSE_ID")
        String courseId;
        @Parameters(index = "1", paramLabel = "CONTENT_ID")
        String contentId;
        @Option(names = "--status", required = true, paramLabel = "N", description = "0 not started, 1 in progress, 2 completed")
        int status;
        @Option(names = "--progress", required = true, paramLabel = "P", description = "0..100")
        int progress;

        @Override
        public Integer call() {
            SyncApiClient api;
            try {
                api = cli.api();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli.spec.commandLine(), e.getMessage());
            }
            ProgressRecorder recorder = new ProgressRecorder(cli.store(), api, cli.synchronizer(), cli.clock);
            ProgressRecorder.Recorded r;
            try {
                r = recorder.record(courseId, contentId, status, progress);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli.spec.commandLine(), e.getMessage());
            }
            PrintWriter out = cli.spec.commandLine().getOut();
            String what = "recorded " + contentId + " status=" + r.state().status() + " progress="
                    + r.state().progress();
            if (r.sent()) {
                out.println(what + "; sent");
            } else if (r.rejected()) {
                out.println(what + "; the server rejected it (see `status`)");
            } else {
                PushReport p = r.push();
                out.println(what + "; queued (" + (p == null ? "no token" : p.failure() != null ? p.failure()
                        : "will be sent at the next sync") + ")");
            }
            return 0;
        }
    }

    @Command(name = "sync", description = "Send queued progress, then pull the server's progress.")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;

        @Override
        public Integer call() {
            SyncReport r = cli.synchronizer().sync();
            PushReport p = r.push();
            PrintWriter out = cli.spec.commandLine().getOut();
            out.println("sent " + (p.applied() + p.duplicates()) + " event(s) (" + p.applied() + " applied, "
                    + p.duplicates() + " duplicate), " + p.rejected() + " rejected, " + p.remaining()
                    + " pending; pulled " + r.pulledRecords() + " record(s)");
            if (p.failure() != null) {
                cli.spec.commandLine().getErr().println("learner: " + p.failure());
                return EXIT_FAILURE;
            }
            return 0;
        }
    }

    @Command(name = "courses", description = "Enrolled courses with completion (works offline from the cache).")
    static final class Courses implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;
        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            String note = refresh();
            List<CourseCompletion> courses = new CompletionCalculator(cli.store()).courses();
            PrintWriter out = cli.spec.commandLine().getOut();
            if (json) {
                out.println(json(Map.of("courses", courses)));
            } else {
                if (courses.isEmpty()) {
                    out.println("no courses");
                }
                for (CourseCompletion c : courses) {
                    out.println(c.courseId() + "  " + c.completionPercentage() + "% (" + c.completedCount() + "/"
                            + c.leafCount() + ")" + (c.pendingEvents() > 0 ? "  " + c.pendingEvents()
                            + " unsynced" : ""));
                }
            }
            if (note != null) {
                cli.spec.commandLine().getErr().println("learner: " + note);
            }
            return 0;
        }

        /** Best effort: fresh enrollments and server progress when online, the cache otherwise. */
        private String refresh() {
            try {
                if (!cli.api().hasToken()) {
                    return "no token; showing cached data";
                }
                Synchronizer s = cli.synchronizer();
                s.refreshEnrollments();
                s.pull(null);
                return null;
            } catch (ServerUnreachableException | ApiErrorException e) {
                return oneLine(e) + "; showing cached data";
            }
        }
    }

    @Command(name = "status", description = "Pending events, dead letters, last sync, downloaded blocks.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;
        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            LocalStore s = cli.store();
            String lastSync = s.lastSync().map(Timestamps::format).orElse(null);
            PrintWriter out = cli.spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pendingEvents", s.outboxCount());
                m.put("deadLetters", s.deadLetterCount());
                m.put("lastSync", lastSync);
                m.put("downloadedBlocks", s.downloadedBlockCount());
                out.println(json(m));
                return 0;
            }
            out.println("pending events:    " + s.outboxCount());
            out.println("dead letters:      " + s.deadLetterCount());
            for (DeadLetter d : s.deadLetters()) {
                out.println("  " + d.error() + "  " + d.courseId() + " " + d.contentId() + "  (event " + d.eventId()
                        + ")");
            }
            out.println("last sync:         " + (lastSync == null ? "never" : lastSync));
            out.println("downloaded blocks: " + s.downloadedBlockCount());
            return 0;
        }
    }

    @Command(name = "open", description = "Print the local index.html of a downloaded block.")
    static final class Open implements Callable<Integer> {
        @ParentCommand
        LearnerCli cli;
        @Parameters(index = "0", paramLabel = "BLOCK_ID")
        String blockId;

        @Override
        public Integer call() {
            Optional<DownloadedBlock> b = cli.store().block(blockId);
            if (b.isEmpty() || !Files.isRegularFile(b.get().indexHtml())) {
                cli.spec.commandLine().getErr().println("learner: block " + blockId
                        + " is not downloaded; run `download COURSE_ID` first");
                return EXIT_FAILURE;
            }
            cli.spec.commandLine().getOut().println(b.get().indexHtml().toAbsolutePath());
            return 0;
        }
    }
}
