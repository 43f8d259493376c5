package io.satchel.client.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.client.FakeSyncApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUnzipTest {
    @TempDir
    Path dir;

    @Test
    void unpacksNestedFilesInsideTheFolder() throws Exception {
        Path zip = write("ok.zip", FakeSyncApi.zip(Map.of("index.html", "<p>hi</p>", "assets/img/a.png", "PNG")));
        SafeUnzip.extract(zip, dir.resolve("block"), 1_000_000);
        assertEquals("<p>hi</p>", Files.readString(dir.resolve("block/index.html")));
        assertEquals("PNG", Files.readString(dir.resolve("block/assets/img/a.png")));
    }

    @Test
    void refusesZipSlipAndWritesNothing() throws Exception {
        Path zip = write("evil.zip", FakeSyncApi.zip(Map.of("index.html", "x", "../../evil.txt", "pwned")));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> SafeUnzip.extract(zip, dir.resolve("a/block"), 1_000_000));
        assertTrue(e.getMessage().contains("../../evil.txt"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertFalse(Files.exists(dir.resolve("a/block/index.html")), "checked before anything is written");
    }

    @Test
    void refusesAbsoluteAndBackslashNames() throws Exception {
        for (String name : new String[] {"/etc/evil", "..\\evil", "C:/evil", "a/../../evil"}) {
            Path zip = write("bad.zip", FakeSyncApi.zip(Map.of(name, "x")));
            assertThrows(UnsafeArchiveException.class, () -> SafeUnzip.extract(zip, dir.resolve("t"), 1_000_000),
                    name);
            assertFalse(Files.exists(dir.resolve("t")), name);
        }
    }

    @Test
    void refusesAnArchiveThatUnpacksBeyondTheLimit() throws Exception {
        Path zip = write("bomb.zip", FakeSyncApi.zip(Map.of("index.html", "x".repeat(10_000))));
        assertThrows(UnsafeArchiveException.class, () -> SafeUnzip.extract(zip, dir.resolve("b"), 1_000));
        assertFalse(Files.exists(dir.resolve("b")), "a refused archive leaves nothing behind");
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
