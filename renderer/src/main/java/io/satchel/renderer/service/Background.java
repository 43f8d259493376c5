package io.satchel.renderer.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Work that overlaps a publish's critical path: reading the source index while PostgreSQL answers, storing the
 * render manifest while the state is recorded.
 */
final class Background {
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "renderer-background");
        t.setDaemon(true);
        return t;
    });

    /** Waits for the work; its failure (e.g. S3 down, retried) is thrown as it was. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private Background() {
    }
}
