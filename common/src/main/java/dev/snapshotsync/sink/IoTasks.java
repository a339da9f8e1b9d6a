package dev.snapshotsync.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * File-system work on each of a few items at once (row counts, moves): on S3 every call is a
 * request, or a copy, that waits on the network. The first failure is rethrown as it was.
 */
final class IoTasks {
    /** Items worked on at once. */
    private static final int CONCURRENCY = 8;

    private IoTasks() {}

    /** What to do with one item; may fail with an IOException. */
    interface Work<T, R> {
        R apply(T item) throws IOException;
    }

    /** The results of {@code work} on every item, in the items' order. */
    static <T, R> List<R> map(List<T> items, Work<T, R> work, String doing) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(CONCURRENCY, items.size())));
        try {
            List<Future<R>> tasks = new ArrayList<>();
            for (T item : items) {
                tasks.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> task : tasks) {
                results.add(await(task, doing));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> task, String doing) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(doing + " failed", cause);
        }
    }
}
