package io.satchel.archiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import io.satchel.archiver.support.TestDirs;
import org.junit.jupiter.api.Test;

/** The archiver's own S3 client against the real S3 server: uploads checked by the store against the sha256 we name. */
@QuarkusTest
class TunedS3ClientIT {
    @Inject
    TunedS3Client s3;
    @Inject
    ObjectStore store;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String key(String name) {
        return "test/tuned/" + UUID.randomUUID() + "/" + name;
    }

    @Test
    void bytesAndFilesArriveWithTheirMetadataAndReadBack() throws Exception {
        byte[] data = bytes(200_000, 1);
        byte[] padded = java.util.Arrays.copyOf(data, data.length + 500); // only the first data.length bytes go
        String fromBytes = key("block-v1:X+type@html+block@a b.zip"); // characters a key really has
        s3.put(fromBytes, padded, data.length, sha256(data), "application/zip", Map.of("sha256", sha256(data)));
        assertArrayEquals(data, store.getBytes(fromBytes).orElseThrow());
        var stat = store.stat(fromBytes).orElseThrow();
        assertEquals(sha256(data), stat.metadata().get("sha256"));
        assertEquals(data.length, stat.size());

        Path file = TestDirs.fresh().resolve("big.zip");
        byte[] big = bytes(7 << 20, 2);
        Files.write(file, big);
        String fromFile = key("course.zip");
        s3.put(fromFile, file, sha256(big), "application/zip", Map.of());
        try (InputStream in = s3.get(fromFile).orElseThrow()) {
            assertArrayEquals(big, in.readAllBytes());
        }
        assertTrue(s3.get(key("missing.zip")).isEmpty());
    }

    @Test
    void theStoreRefusesBytesThatDoNotMatchTheNamedSha256() throws Exception {
        byte[] data = bytes(50_000, 3);
        byte[] other = bytes(50_000, 4);
        String k = key("wrong.zip");
        StorageException e = assertThrows(StorageException.class,
                () -> s3.put(k, data, data.length, sha256(other), "application/zip", Map.of()));
        assertTrue(e.getMessage().contains("BadDigest") || e.getMessage().contains("400"), e.getMessage());
        assertFalse(store.exists(k));

        Path file = TestDirs.fresh().resolve("wrong.zip");
        Files.write(file, data);
        assertThrows(StorageException.class, () -> s3.put(k, file, sha256(other), "application/zip", Map.of()));
        assertFalse(store.exists(k));
    }
}
