package io.satchel.renderer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    /** 10 bytes, then a failure (like a cut snapshot stream). */
    private static InputStream failingAfterTenBytes() {
        return new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n >= 10) {
                    throw new IOException("cut");
                }
                return n++;
            }
        };
    }

    @Test
    void bytesReadBeforeAFailureAreHandedOutBeforeIt() throws IOException {
        // the chunk (64 bytes) is never filled: the 10 bytes before the failure must not be lost with it
        try (ReadAheadInputStream in = new ReadAheadInputStream(failingAfterTenBytes(), 64, 2, "test")) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4];
            IOException e = assertThrows(IOException.class, () -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            });
            assertEquals("cut", e.getMessage());
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got.toByteArray());
        }
    }

    @Test
    void passesAStreamThroughWhole() throws IOException {
        byte[] data = new byte[1000];
        new java.util.Random(3).nextBytes(data);
        try (ReadAheadInputStream in = new ReadAheadInputStream(new java.io.ByteArrayInputStream(data), 64, 2, "t")) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void skipsAcrossChunks() throws IOException {
        byte[] data = new byte[1000];
        new java.util.Random(4).nextBytes(data);
        try (ReadAheadInputStream in = new ReadAheadInputStream(new java.io.ByteArrayInputStream(data), 64, 2, "t")) {
            assertEquals(data[0] & 0xff, in.read());
            long skipped = 0;
            while (skipped < 700) {
                long k = in.skip(700 - skipped);
                assertEquals(true, k > 0);
                skipped += k;
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 701, 1000), in.readAllBytes());
            assertEquals(0, in.skip(5));
        }
    }
}
