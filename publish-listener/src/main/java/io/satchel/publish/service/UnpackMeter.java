package io.satchel.publish.service;

import io.satchel.common.io.CountingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes coming out of the gzip decoder and stops the read as soon as the total unpacked size or the
 * unpacked/compressed ratio goes over its limit, so a gzip bomb costs at most one buffer of work.
 */
final class UnpackMeter extends FilterInputStream {
    private final CountingInputStream compressed;
    private final long maxUnpacked;
    private final double maxRatio;
    private final long ratioCheckAfter;
    private long unpacked;

    UnpackMeter(InputStream gunzipped, CountingInputStream compressed, long maxUnpacked, double maxRatio, long ratioCheckAfter) {
        super(gunzipped);
        this.compressed = compressed;
        this.maxUnpacked = maxUnpacked;
        this.maxRatio = maxRatio;
        this.ratioCheckAfter = ratioCheckAfter;
    }

    long unpacked() {
        return unpacked;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    /** Skips by reading, so skipped bytes are counted and checked like read ones. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void count(int n) {
        unpacked += n;
        if (unpacked > maxUnpacked) {
            throw new ArchiveRejectedException(ArchiveRejectedException.TOO_LARGE,
                    "The export unpacks to more than " + maxUnpacked + " bytes.");
        }
        if (unpacked > ratioCheckAfter && unpacked > maxRatio * Math.max(1, compressed.count())) {
            throw new ArchiveRejectedException(ArchiveRejectedException.COMPRESSION_RATIO,
                    "The export unpacks to more than " + maxRatio + " times its compressed size (gzip bomb).");
        }
    }
}
