package io.satchel.archiver.service;

import io.satchel.archiver.config.ArchiverConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Two small pools for block work: one builds block zips (S3 reads, zipping), one uploads them. Most time per block is
 * waiting on the object store, so several blocks in flight at once keep the pipe full; a separate upload pool means a
 * finished zip starts uploading at once instead of queueing behind the builds submitted ahead. Results come back in
 * course order, so the course zip and the manifest stay deterministic whatever finishes first.
 */
@ApplicationScoped
public class BlockWorkers {
    private final ExecutorService pool;
    private final ExecutorService uploads;
    private final int parallelism;

    BlockWorkers(ArchiverConfig config) {
        this.parallelism = Math.max(1, config.parallelism());
        this.pool = Executors.newFixedThreadPool(parallelism, daemons("archiver-block-"));
        this.uploads = Executors.newFixedThreadPool(parallelism, daemons("archiver-upload-"));
    }

    private static java.util.concurrent.ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        uploads.shutdownNow();
    }

    /**
     * Applies {@code work} to each item on the pool, in order, up to eight times the pool size ahead of the caller: one
     * slow block at the head must not leave the other workers idle (the memory budget, not this window, bounds the
     * zips held meanwhile).
     */
    public <I, O> Ordered<O> inOrder(List<I> items, Function<I, O> work) {
        return new Ordered<>(items.iterator(), work, parallelism * 8);
    }

    /** Runs an upload on the upload pool. */
    public CompletableFuture<Void> upload(Runnable work) {
        return CompletableFuture.runAsync(work, uploads);
    }

    /** Runs work that leads to an upload (hashing a big zip) on the upload pool. */
    public <T> CompletableFuture<T> beforeUpload(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, uploads);
    }

    /** Waits for every future; rethrows the first failure as it was thrown. */
    public static void awaitAll(List<CompletableFuture<Void>> futures) {
        for (CompletableFuture<Void> f : futures) {
            join(f);
        }
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static void closeQuietly(Object result) {
        if (result instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // releasing memory or a temp file of an abandoned run
            }
        }
    }

    /** Results of work submitted ahead, handed out in submission order. */
    public final class Ordered<O> implements AutoCloseable {
        private final Iterator<? extends Object> items;
        private final Function<Object, O> work;
        private final int ahead;
        private final Deque<CompletableFuture<O>> inFlight = new ArrayDeque<>();

        @SuppressWarnings("unchecked")
        private <I> Ordered(Iterator<I> items, Function<I, O> work, int ahead) {
            this.items = items;
            this.work = (Function<Object, O>) work;
            this.ahead = ahead;
            fill();
        }

        private void fill() {
            while (inFlight.size() < ahead && items.hasNext()) {
                Object item = items.next();
                Supplier<O> task = () -> work.apply(item);
                inFlight.add(CompletableFuture.supplyAsync(task, pool));
            }
        }

        /** The next result in order (waits for it). */
        public O next() {
            CompletableFuture<O> head = inFlight.poll();
            if (head == null) {
                throw new IllegalStateException("no more items");
            }
            fill();
            return join(head);
        }

        /** Abandons what is still queued (after a failure); results finished or finishing are closed. */
        @Override
        public void close() {
            inFlight.forEach(f -> {
                f.cancel(false);
                f.thenAccept(BlockWorkers::closeQuietly);
            });
            inFlight.clear();
        }
    }
}
