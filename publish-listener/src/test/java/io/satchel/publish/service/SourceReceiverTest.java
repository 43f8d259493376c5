package io.satchel.publish.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.common.http.FetchPolicy;
import io.satchel.common.rest.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReceiverTest {
    @TempDir
    Path spool;

    private SourceReceiver receiver(long maxBytes) {
        return new SourceReceiver(FetchPolicy.publicInternet(maxBytes), maxBytes, spool);
    }

    @Test
    void spoolsTheBodyWithItsSha256AndDeletesItOnClose() throws Exception {
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        Path file;
        try (SpooledSource s = receiver(1 << 20).receive(new ByteArrayInputStream(body))) {
            file = s.file();
            assertEquals(body.length, s.size());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), s.sha256());
            assertTrue(java.util.Arrays.equals(body, Files.readAllBytes(file)));
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesAnUploadOverTheLimitAndLeavesNoFile() {
        ApiException e = assertThrows(ApiException.class,
                () -> receiver(100_000).receive(new ByteArrayInputStream(new byte[100_001])));
        assertEquals(422, e.status());
        assertEquals("TOO_LARGE", e.code());
        assertEquals(List.of(), List.of(spool.toFile().list()));
    }

    @Test
    void checksSourceUrlsBeforeFetching() {
        SourceReceiver r = receiver(1000);
        assertEquals("ADDRESS_NOT_ALLOWED", assertThrows(ApiException.class,
                () -> r.check("http://169.254.169.254/latest/meta-data/")).code());
        assertEquals("URL_NOT_ALLOWED", assertThrows(ApiException.class, () -> r.check("file:///etc/passwd")).code());
        assertEquals("INVALID_SOURCE_URL", assertThrows(ApiException.class, () -> r.check("http://a b/")).code());
    }
}
