package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages the tables of a run several at once: each table's Spark jobs are submitted from a driver
 * thread of a small pool, so small tables overlap their fixed costs (planning, the write's commit,
 * S3 round trips) instead of paying them one after another. All reads still join the run's one
 * exported snapshot: the caller keeps it open until {@link #stage} returns.
 *
 * <p>One connection budget for the run: {@code source.max-connections} permits. A table's read
 * holds as many as it has read tasks (its planned partitions, at most the budget) from the start of
 * its read until its files are staged, so the sessions open at once, across all tables, never
 * exceed the budget; a large table keeps its partitioned read and waits for the permits it needs
 * (the semaphore is fair, so small tables do not starve it). Checking a staged table (encryption,
 * row counts) needs no session and runs beside the next tables' reads.
 *
 * <p>The first failure stops the run: tables not started are skipped, the run's Spark jobs are
 * cancelled (their job group, again while tables are still under way, since a table may submit
 * its job just after a cancel), and {@link #stage} waits for every thread to end, so no thread,
 * session or COPY registration outlives it, then rethrows that first failure. The failures of the
 * tables cancelled because of it are not reported.
 */
final class ConcurrentStaging {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentStaging.class);
    /** The local property naming the table a Spark job stages (ProgressReporter follows its jobs by it). */
    static final String TABLE_PROPERTY = "snapshot-sync.table";

    private final SparkContext context;
    private final String jobGroup;
    private final int budget;

    /** One table's work: its read and staged write, then the checks of what it staged. */
    interface TableWork {
        void write(TableRun run) throws Exception;

        void check(TableRun run) throws Exception;
    }

    ConcurrentStaging(SparkContext context, String runId, int budget) {
        this.context = requireNonNull(context, "context is null");
        this.jobGroup = "snapshot-sync-" + requireNonNull(runId, "runId is null");
        if (budget < 1) {
            throw new IllegalStateException("connection budget " + budget + " is below 1");
        }
        this.budget = budget;
    }

    /**
     * Driver threads: twice the budget, so that while the budget's worth of tables read, as many
     * staged ones are checked; never more than there are tables.
     */
    static int threads(int tables, int budget) {
        return Math.max(1, Math.min(tables, 2 * budget));
    }

    /** Stages every table, or fails with the first table's failure after every thread has ended. */
    void stage(List<TableRun> runs, TableWork work) {
        Semaphore permits = new Semaphore(budget, true);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        ExecutorService pool = DriverThreads.pool("stage", threads(runs.size(), budget));
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (TableRun run : runs) {
                tasks.add(pool.submit(() -> {
                    try {
                        stageOne(run, work, permits, failure, inFlight, mostInFlight);
                    } catch (Exception e) {
                        if (failure.compareAndSet(null, e)) {
                            LOG.info("table {} failed; cancelling the other tables of the run", run.table.name());
                            cancelRunning(cancelled);
                        }
                    }
                    return null;
                }));
            }
            // A table between its check of the failure and its job's submission would start a job
            // after the cancel: cancel again until every table's thread is done.
            DriverThreads.joinAll(tasks, () -> {
                if (failure.get() != null) {
                    cancelRunning(cancelled);
                }
            });
        } finally {
            pool.shutdown();
        }
        Exception first = failure.get();
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first != null) {
            throw new IllegalStateException("staging failed", first);
        }
        LOG.info("staged {} table(s), at most {} at once (connection budget {})", runs.size(), mostInFlight.get(),
                budget);
    }

    /**
     * Cancels each running job of the run that no cancel was issued for yet, by its id: a cancel is
     * carried out asynchronously, and a job group's cancel that finds no running job logs a
     * warning the user cannot act on, where a finished job's cancel is only a debug line.
     */
    private void cancelRunning(Set<Integer> cancelled) {
        JavaSparkStatusTracker tracker = JavaSparkContext.fromSparkContext(context).statusTracker();
        for (int job : tracker.getJobIdsForGroup(jobGroup)) {
            SparkJobInfo info = tracker.getJobInfo(job);
            if (info != null && info.status() == JobExecutionStatus.RUNNING && cancelled.add(job)) {
                context.cancelJob(job);
            }
        }
    }

    private void stageOne(TableRun run, TableWork work, Semaphore permits, AtomicReference<Exception> failure,
                          AtomicInteger inFlight, AtomicInteger mostInFlight) throws Exception {
        int needed = run.source.partitions().tasks(budget);
        permits.acquireUninterruptibly(needed);
        try {
            if (failure.get() != null) {
                return;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            // Job groups and local properties are the thread's; the pool's threads are reused.
            context.setJobGroup(jobGroup, "snapshot-sync: table " + run.table.name(), false);
            context.setLocalProperty(TABLE_PROPERTY, run.table.name());
            try {
                work.write(run);
            } finally {
                inFlight.decrementAndGet();
                context.setLocalProperty(TABLE_PROPERTY, null);
                context.clearJobGroup();
            }
        } finally {
            permits.release(needed);
        }
        if (failure.get() == null) {
            work.check(run);
        }
    }
}
