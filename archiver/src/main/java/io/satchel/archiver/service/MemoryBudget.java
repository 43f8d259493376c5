package io.satchel.archiver.service;

/**
 * How many bytes of zips one archive run may hold in memory at once. A small block zip lives in memory (no temp file
 * written and read back); when the budget is spent, or for a big block, it goes to a temp file instead, so the heap
 * stays bounded whatever the course size. One budget per run: whatever a failed run leaves behind goes with it.
 */
final class MemoryBudget {
    private final long limit;
    private final long largestInMemory;
    private long reserved;

    /** @param limit bytes for all zips held at once; a single zip takes at most an eighth of it */
    MemoryBudget(long limit) {
        this.limit = limit;
        this.largestInMemory = limit / 8;
    }

    /** Reserves {@code bytes}, or returns null when they do not fit (the caller uses a temp file). */
    synchronized Lease tryReserve(long bytes) {
        if (bytes > largestInMemory || reserved + bytes > limit) {
            return null;
        }
        reserved += bytes;
        return new Lease(bytes);
    }

    synchronized long reserved() {
        return reserved;
    }

    private synchronized void release(long bytes) {
        reserved -= bytes;
    }

    /** Bytes held until closed (once; closing again does nothing). */
    final class Lease implements AutoCloseable {
        private final long bytes;
        private boolean released;

        private Lease(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (!released) {
                    released = true;
                    release(bytes);
                }
            }
        }
    }
}
