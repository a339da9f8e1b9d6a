package dev.snapshotsync.job.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver-side thread pools of a run (tables staged and published several at once): daemon
 * threads with names that say what they do, and a join that waits out every task, so no thread of
 * a run outlives it.
 */
final class DriverThreads {
    private static final Duration TICK = Duration.ofMillis(200);

    private DriverThreads() {}

    /** {@code size} daemon threads named {@code snapshot-sync-<what>-N}. */
    static ExecutorService pool(String what, int size) {
        AtomicInteger next = new AtomicInteger(1);
        return Executors.newFixedThreadPool(Math.max(1, size), runnable -> {
            Thread thread = new Thread(runnable, "snapshot-sync-" + what + "-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Waits for every task. The tasks catch their own failures, so a task that throws is our bug.
     * An interrupt is kept for later: returning early would leave tables running past the run.
     */
    static void joinAll(List<? extends Future<?>> tasks) {
        joinAll(tasks, () -> { });
    }

    /** As {@link #joinAll(List)}, running {@code whileWaiting} every {@link #TICK} until all are done. */
    static void joinAll(List<? extends Future<?>> tasks, Runnable whileWaiting) {
        boolean interrupted = false;
        for (Future<?> task : tasks) {
            while (true) {
                try {
                    task.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    whileWaiting.run();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a driver thread of the run failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
