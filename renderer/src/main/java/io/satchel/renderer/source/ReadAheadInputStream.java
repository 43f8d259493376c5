package io.satchel.renderer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a bounded number of chunks ahead of the reader. Unpacking a snapshot is
 * three steps in a row — waiting for S3, inflating, comparing entries with the unpacked files — and this lets the
 * first two overlap the third instead of adding up. Memory stays bounded ({@code chunks × chunkSize}). An error of
 * the source is thrown to the reader at the point it happened, as it was (IOException or unchecked).
 */
final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final InputStream source;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    ReadAheadInputStream(InputStream source, int chunkSize, int chunks, String name) {
        this.source = source;
        this.queue = new ArrayBlockingQueue<>(chunks);
        this.thread = new Thread(() -> pump(chunkSize), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(int chunkSize) {
        while (!closed) {
            byte[] buf = new byte[chunkSize];
            int filled = 0;
            Throwable failure = null;
            try {
                int n;
                while (filled < chunkSize && (n = source.read(buf, filled, chunkSize - filled)) >= 0) {
                    filled += n;
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
            // the bytes read before a failure are handed out first (a reader may need only those)
            if (filled > 0) {
                put(filled == chunkSize ? buf : java.util.Arrays.copyOf(buf, filled));
            }
            if (failure != null) {
                put(failure);
                return;
            }
            if (filled < chunkSize) {
                put(END);
                return;
            }
        }
    }

    private void put(Object item) {
        try {
            while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the reader is busy; wait (or stop when it closed the stream)
            }
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private boolean fill() throws IOException {
        while (pos >= current.length) {
            if (ended) {
                return false;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the snapshot");
            }
            if (item == END) {
                ended = true;
                return false;
            }
            if (item instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (item instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            if (item instanceof Error e) {
                ended = true;
                throw e;
            }
            current = (byte[]) item;
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Skips within the chunks read ahead, without copying (unchanged tar entries are skipped this way). */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || !fill()) {
            return 0;
        }
        int k = (int) Math.min(n, current.length - pos);
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    /**
     * Stops the read-ahead thread and waits until it finished its current read (not interrupted: the caller may go
     * on reading the source's own source, e.g. to finish a digest), then closes the source.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear(); // a pending offer returns at once and sees closed
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        source.close();
    }
}
