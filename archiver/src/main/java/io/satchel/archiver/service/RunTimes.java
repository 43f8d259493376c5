package io.satchel.archiver.service;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Where one archive run's time went, for its log line: worker time is summed over the threads. */
final class RunTimes {
    private final LongAdder building = new LongAdder();
    private final LongAdder uploading = new LongAdder();
    private final LongAdder waiting = new LongAdder();
    private final LongAdder copying = new LongAdder();

    <T> T building(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            building.add(System.nanoTime() - start);
        }
    }

    void uploading(Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            uploading.add(System.nanoTime() - start);
        }
    }

    /** The course-zip thread's time: waiting for the next block, then copying it into the course zip. */
    void waited(long waitNanos, long copyNanos) {
        waiting.add(waitNanos);
        copying.add(copyNanos);
    }

    @Override
    public String toString() {
        return String.format("course zip thread: waiting for blocks %d ms, copying %d ms; workers in total: "
                + "reading+zipping %d ms, uploading %d ms", waiting.sum() / 1_000_000, copying.sum() / 1_000_000,
                building.sum() / 1_000_000, uploading.sum() / 1_000_000);
    }
}
