package io.satchel.client.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.client.FakeSyncApi;
import io.satchel.client.api.ServerUnreachableException;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.LocalStore;
import io.satchel.events.OfflineManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final String B1 = "block-v1:Satchel+SAMPLE+2026+type@html+block@one";
    private static final String B2 = "block-v1:Satchel+SAMPLE+2026+type@html+block@two";
    private static final String B3 = "block-v1:Satchel+SAMPLE+2026+type@problem+block@three:colon";

    @TempDir
    Path home;
    FakeSyncApi fake;
    LocalStore store;
    Downloader downloader;
    ContentLayout layout;

    @BeforeEach
    void setUp() {
        fake = new FakeSyncApi();
        store = LocalStore.open(home.resolve("satchel.db"));
        layout = new ContentLayout(home);
        downloader = new Downloader(store, new SyncApiClient(fake.base(), "t"), layout, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
        fake.close();
    }

    private Map<String, byte[]> blocks(String v1, String v2, String v3) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(B1, FakeSyncApi.blockZip(v1));
        m.put(B2, FakeSyncApi.blockZip(v2));
        m.put(B3, FakeSyncApi.blockZip(v3));
        return m;
    }

    @Test
    void downloadsEveryBlockThenOnlyWhatChangedThenDeletesWhatWasRemoved() throws Exception {
        fake.publish(C, blocks("one", "two", "three"), null);
        Downloader.Report first = downloader.download(C, null, false, DownloadListener.NONE);
        assertEquals(List.of(B1, B2, B3), first.fetched());
        assertEquals("one", Files.readString(store.block(B1).orElseThrow().indexHtml()));
        assertTrue(Files.exists(store.block(B3).orElseThrow().folder().resolve("assets/style.css")));

        fake.requests.clear();
        Downloader.Report second = downloader.download(C, null, false, DownloadListener.NONE);
        assertFalse(second.manifestChanged(), "If-None-Match answered 304");
        assertTrue(second.fetched().isEmpty());
        assertEquals(3, second.upToDate());
        assertTrue(fake.requests.stream().noneMatch(r -> r.contains("/files/")), fake.requests.toString());

        fake.publish(C, blocks("one", "two v2", "three"), null);
        Downloader.Report third = downloader.download(C, null, false, DownloadListener.NONE);
        assertEquals(List.of(B2), third.fetched(), "only the block whose sha256 changed");
        assertEquals("two v2", Files.readString(store.block(B2).orElseThrow().indexHtml()));

        Map<String, byte[]> fewer = blocks("one", "two v2", "three");
        fewer.remove(B1);
        fake.publish(C, fewer, null);
        Path oldFolder = store.block(B1).orElseThrow().folder();
        Downloader.Report fourth = downloader.download(C, null, false, DownloadListener.NONE);
        assertEquals(List.of(B1), fourth.removed());
        assertFalse(Files.exists(oldFolder));
        assertTrue(store.block(B1).isEmpty());
        assertEquals(2, store.downloadedBlockCount());
    }

    @Test
    void underKeepsOneChapter() throws Exception {
        OfflineManifest m = fake.publish(C, blocks("one", "two", "three"), null);
        List<OfflineManifest.Block> bs = new java.util.ArrayList<>(m.blocks());
        OfflineManifest.Block moved = bs.get(2);
        bs.set(2, new OfflineManifest.Block(moved.blockId(), moved.type(), moved.displayName(),
                List.of("chapter-2", "seq-2", "vert-2"), moved.offlineDownload()));
        fake.publish(new OfflineManifest(C, null, m.publishedAt(), m.generatedAt(), m.course(), bs, List.of()));

        Downloader.Report r = downloader.download(C, "chapter-2", false, DownloadListener.NONE);
        assertEquals(List.of(B3), r.fetched());
        assertThrows(Downloader.UnknownBlockException.class,
                () -> downloader.download(C, "chapter-9", false, DownloadListener.NONE));
    }

    @Test
    void refusesBytesWhoseSha256DoesNotMatchAndUnpacksNothing() throws Exception {
        OfflineManifest m = fake.publish(C, blocks("one", "two", "three"), null);
        String url = m.blocks().get(0).offlineDownload().fileUrl();
        byte[] real = fake.files.get(url.substring(url.indexOf("/files/")));
        byte[] bad = Arrays.copyOf(real, real.length);
        bad[bad.length / 2] ^= 0x55;
        fake.corrupted.put(url.substring(url.indexOf("/files/")), bad);

        assertThrows(ChecksumMismatchException.class,
                () -> downloader.download(C, null, false, DownloadListener.NONE));
        assertTrue(store.block(B1).isEmpty());
        assertFalse(Files.exists(layout.blockFolder(C, B1)));
        assertFalse(Files.exists(layout.partFile(C, m.blocks().get(0).offlineDownload().sha256())),
                "refused bytes are thrown away");
    }

    @Test
    void resumesAPartialFileWithRange() throws Exception {
        OfflineManifest m = fake.publish(C, blocks("one ".repeat(500), "two", "three"), null);
        OfflineManifest.Download d = m.blocks().get(0).offlineDownload();
        byte[] real = fake.files.get(d.fileUrl().substring(d.fileUrl().indexOf("/files/")));
        int half = real.length / 2;
        Path part = layout.partFile(C, d.sha256());
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(real, half)); // an earlier run was interrupted here

        downloader.download(C, B1, false, DownloadListener.NONE);
        assertEquals(List.of("bytes=" + half + "-"), fake.rangeHeaders);
        assertEquals("one ".repeat(500), Files.readString(store.block(B1).orElseThrow().indexHtml()));
        assertFalse(Files.exists(part));
    }

    @Test
    void aConnectionCutOffMidwayIsResumedFromWhereItStopped() throws Exception {
        OfflineManifest m = fake.publish(C, blocks("x".repeat(3000), "two", "three"), null);
        fake.cutOffAfter.set(100);
        downloader.download(C, B1, false, DownloadListener.NONE);
        assertEquals(2, fake.rangeHeaders.size(), fake.rangeHeaders.toString());
        assertEquals("", fake.rangeHeaders.get(0));
        assertTrue(fake.rangeHeaders.get(1).startsWith("bytes="), fake.rangeHeaders.toString());
        assertEquals(m.blocks().get(0).offlineDownload().sha256(), store.block(B1).orElseThrow().sha256());
    }

    @Test
    void aBlockZipThatEscapesItsFolderIsRefused() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(B1, FakeSyncApi.zip(Map.of("index.html", "x", "../../../escaped.html", "pwned")));
        fake.publish(C, m, null);
        assertThrows(UnsafeArchiveException.class, () -> downloader.download(C, null, false, DownloadListener.NONE));
        assertTrue(store.block(B1).isEmpty());
        try (var walk = Files.walk(home)) {
            assertTrue(walk.noneMatch(p -> p.getFileName().toString().equals("escaped.html")));
        }
    }

    @Test
    void fullDownloadsTheCourseZipInOneRequest() throws Exception {
        fake.publish(C, blocks("one", "two", "three"), null);
        Downloader.Report r = downloader.download(C, null, true, DownloadListener.NONE);
        assertTrue(r.viaCourseZip());
        assertEquals(3, r.fetched().size());
        assertEquals(1, fake.requests.stream().filter(x -> x.contains("/files/")).count(), fake.requests.toString());
        assertEquals("course zip copy of " + B3, Files.readString(store.block(B3).orElseThrow().indexHtml()));
    }

    @Test
    void anUnreachableServerIsReportedAsSuch() {
        fake.close();
        assertThrows(ServerUnreachableException.class,
                () -> downloader.download(C, null, false, DownloadListener.NONE));
    }
}
