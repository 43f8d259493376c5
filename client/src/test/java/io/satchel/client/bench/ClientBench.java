package io.satchel.client.bench;

import io.satchel.client.FakeSyncApi;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.download.ContentLayout;
import io.satchel.client.download.DownloadListener;
import io.satchel.client.download.Downloader;
import io.satchel.client.store.LocalStore;
import io.satchel.client.sync.Backoff;
import io.satchel.client.sync.ProgressRecorder;
import io.satchel.client.sync.PushReport;
import io.satchel.client.sync.Synchronizer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Client-side figures (bench/client/run): offline recording rate (SQLite merge + outbox per event), outbox drain rate
 * in requests of 1,000 against the in-process fake sync-api, and block download + verify + unpack rate. Prints a
 * markdown table to the file given as the first argument.
 */
public final class ClientBench {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getProperty("events", "10000"));
        int blocks = Integer.parseInt(System.getProperty("blocks", "200"));
        int blockKiB = Integer.parseInt(System.getProperty("blockKiB", "256"));
        Path home = Files.createTempDirectory("satchel-client-bench-");
        String load = Files.exists(Path.of("/proc/loadavg"))
                ? String.join(" ", java.util.Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3))
                : "n/a";
        StringBuilder md = new StringBuilder();
        try (FakeSyncApi fake = new FakeSyncApi(); LocalStore store = LocalStore.open(home.resolve("satchel.db"))) {
            fake.enroll(C, "bench");
            URI dead = deadPort();
            SyncApiClient offline = new SyncApiClient(dead, null); // no token: record only, as in airplane mode
            Synchronizer offlineSync = new Synchronizer(store, offline, Backoff.DEFAULT, Clock.systemUTC());
            ProgressRecorder recorder = new ProgressRecorder(store, offline, offlineSync, Clock.systemUTC());
            for (int i = 0; i < 500; i++) { // warm-up
                recorder.record(C, "warm-" + i, 1, 10);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                recorder.record(C, "block-" + (i % 2000), i % 3, i % 101);
            }
            double recordSecs = (System.nanoTime() - t0) / 1e9;

            SyncApiClient online = new SyncApiClient(fake.base(), "bench-token");
            Synchronizer sync = new Synchronizer(store, online, Backoff.DEFAULT, Clock.systemUTC());
            long t1 = System.nanoTime();
            PushReport push = sync.push(true);
            double pushSecs = (System.nanoTime() - t1) / 1e9;
            int sent = push.applied() + push.duplicates();

            Random random = new Random(1);
            Map<String, byte[]> zips = new LinkedHashMap<>();
            long bytes = 0;
            for (int i = 0; i < blocks; i++) {
                byte[] payload = new byte[blockKiB * 1024];
                random.nextBytes(payload);
                String html = "<p>" + java.util.Base64.getEncoder().encodeToString(payload) + "</p>";
                byte[] zip = FakeSyncApi.blockZip(html);
                bytes += zip.length;
                zips.put("block-v1:Satchel+SAMPLE+2026+type@html+block@b" + i, zip);
            }
            fake.publish(C, zips, null);
            Downloader downloader = new Downloader(store, online, new ContentLayout(home), Clock.systemUTC());
            long t2 = System.nanoTime();
            Downloader.Report first = downloader.download(C, null, false, DownloadListener.NONE);
            double downloadSecs = (System.nanoTime() - t2) / 1e9;
            long t3 = System.nanoTime();
            Downloader.Report again = downloader.download(C, null, false, DownloadListener.NONE);
            double recheckSecs = (System.nanoTime() - t3) / 1e9;

            md.append("## Learner client\n\n`bench/client/run` (").append(java.time.LocalDate.now())
                    .append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" CPUs). Library only, against the in-process fake sync-api over loopback (the server's cost"
                            + " is not in these figures); SQLite in WAL mode on local disk, synchronous=FULL (a"
                            + " recorded event survives a crash). Load average at the start: " + load
                            + " (other builds were running).\n\n")
                    .append("| measure | figure |\n|---|---:|\n")
                    .append(String.format("| record progress offline (merge + outbox, one transaction each), %d events"
                            + " | **%.0f events/s** (%.2f ms/event) |%n", events, events / recordSecs,
                            recordSecs * 1000 / events))
                    .append(String.format("| drain the outbox, %d events in requests of 1,000 | **%.0f events/s** |%n",
                            sent, sent / pushSecs))
                    .append(String.format("| first download, %d blocks (%.1f MiB: fetch, sha256, unpack, record) | "
                            + "**%.1f blocks/s**, %.1f MiB/s |%n", first.fetched().size(), bytes / 1048576.0,
                            first.fetched().size() / downloadSecs, bytes / 1048576.0 / downloadSecs))
                    .append(String.format("| re-check with nothing changed (manifest 304, %d blocks up to date) | %.0f ms |%n",
                            again.upToDate(), recheckSecs * 1000));
        } finally {
            deleteTree(home);
        }
        System.out.print(md);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), md.toString());
        }
    }

    private static URI deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ClientBench() {
    }
}
