package dev.snapshotsync.job.export;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one table's export progress while it is written: partitions done of total, rows so far,
 * rows/s and an estimate of the time left, once per finished partition and at a steady interval,
 * so a Glue or EMR log shows that a long export is alive.
 *
 * <p>Spark tells the driver about rows only through task metrics: a finished task reports its
 * {@code recordsRead} (Spark's JDBC source counts each row it reads), and running tasks report
 * their SQL metrics with every executor heartbeat ({@code spark.executor.heartbeatInterval}, 10 s
 * by default). Tables are staged several at once, so the reporter follows only the jobs whose
 * local property {@link ConcurrentStaging#TABLE_PROPERTY} names its table, and their stages; the
 * partitions are the Spark tasks of the write (planned read partitions above
 * {@code source.max-connections} are coalesced into that many tasks).
 */
final class ProgressReporter extends SparkListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    /**
     * The SQL metric of every plan node, the JDBC scan included. Heartbeats carry it by name, but
     * not the task's own input metrics (their names are left out), so a running task's rows are
     * the largest of its nodes' counts: the scan's, as our plans only select, cast and write.
     */
    private static final String OUTPUT_ROWS = "number of output rows";

    private final SparkContext context;
    private final String table;
    private final long estimatedRows;
    private final Consumer<String> lines;
    private final long startNanos = System.nanoTime();
    private final Map<Integer, Integer> tasksByStage = new ConcurrentHashMap<>();
    private final Map<Long, Long> runningRows = new ConcurrentHashMap<>();
    private final Set<Long> endedTasks = ConcurrentHashMap.newKeySet();
    private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
    /** The stages of this table's jobs, known at each job's start, before any of its stages is submitted. */
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private long finishedRows;
    private int finishedTasks;
    private int jobsStarted;
    private int jobsEnded;

    private ProgressReporter(SparkContext context, String table, long estimatedRows, Consumer<String> lines) {
        this.context = context;
        this.table = table;
        this.estimatedRows = estimatedRows;
        this.lines = lines;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "snapshot-sync-progress-" + table);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts reporting on {@code table} until closed. {@code estimatedRows} is the catalog's
     * estimate (below one when unknown); without it the time left is projected from partitions.
     */
    static ProgressReporter start(SparkSession spark, Duration interval, String table, long estimatedRows) {
        ProgressReporter reporter = new ProgressReporter(spark.sparkContext(), table, estimatedRows, LOG::info);
        spark.sparkContext().addSparkListener(reporter);
        long millis = interval.toMillis();
        reporter.timer.scheduleAtFixedRate(() -> reporter.report("running"), millis, millis, TimeUnit.MILLISECONDS);
        return reporter;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart event) {
        if (event.properties() == null || !table.equals(event.properties().getProperty(ConcurrentStaging.TABLE_PROPERTY))) {
            return;
        }
        jobs.add(event.jobId());
        // var: Scala 2.12 and 2.13 Seq types differ (see onExecutorMetricsUpdate).
        var ids = event.stageIds().iterator();
        while (ids.hasNext()) {
            stages.add((Integer) ids.next());
        }
        jobsStarted++;
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd event) {
        if (jobs.remove(event.jobId())) {
            jobsEnded++;
            notifyAll();
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        if (!stages.contains(event.stageInfo().stageId())) {
            return;
        }
        // Keyed by stage so that a resubmitted attempt does not count its tasks twice.
        tasksByStage.put(event.stageInfo().stageId(), event.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (!stages.contains(event.stageId())) {
            return;
        }
        endedTasks.add(event.taskInfo().taskId());
        runningRows.remove(event.taskInfo().taskId());
        if (!event.taskInfo().successful() || event.taskMetrics() == null) {
            return;
        }
        synchronized (this) {
            finishedRows += event.taskMetrics().inputMetrics().recordsRead();
            finishedTasks++;
        }
        report("partition done");
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
        // Tuples of (task id, stage id, stage attempt, accumulator updates); var keeps this source
        // compiling against both Scala 2.12 and 2.13, whose Seq types differ.
        var updates = event.accumUpdates().iterator();
        while (updates.hasNext()) {
            var update = updates.next();
            if (!stages.contains((Integer) update._2())) {
                continue;
            }
            long rows = 0;
            var infos = update._4().iterator();
            while (infos.hasNext()) {
                AccumulableInfo info = infos.next();
                if (info.name().isDefined() && OUTPUT_ROWS.equals(info.name().get())
                        && info.update().isDefined() && info.update().get() instanceof Long value) {
                    rows = Math.max(rows, value);
                }
            }
            Long task = (Long) update._1();
            // A heartbeat sent before a task ended can arrive after its end: do not count it twice.
            if (rows > 0 && !endedTasks.contains(task)) {
                runningRows.put(task, rows);
            }
        }
    }

    /** Builds and emits one progress line; {@code why} says what prompted it. */
    void report(String why) {
        long rows;
        int done;
        synchronized (this) {
            rows = finishedRows;
            done = finishedTasks;
        }
        rows += runningRows.values().stream().mapToLong(Long::longValue).sum();
        int total = tasksByStage.values().stream().mapToInt(Integer::intValue).sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        long rate = Math.round(rows / seconds);
        lines.accept(String.format(Locale.ROOT, "table %s: %s: %d/%d partitions, %,d rows, %,d rows/s, %s",
                table, why, done, total, rows, rate, timeLeft(rows, rate, done, total, seconds)));
    }

    private String timeLeft(long rows, long rate, int done, int total, double seconds) {
        if (total > 0 && done >= total) {
            return "finishing";
        }
        if (estimatedRows > rows && rate > 0) {
            return "about " + Math.round((estimatedRows - rows) / (double) rate) + " s left (of ~"
                    + String.format(Locale.ROOT, "%,d", estimatedRows) + " rows estimated)";
        }
        if (done > 0) {
            return "about " + Math.round(seconds * (total - done) / done) + " s left";
        }
        return "time left not known yet";
    }

    /**
     * Stops reporting. Spark delivers listener events asynchronously, and a task's end always
     * before its job's: waiting (briefly) for the end of every job seen lets the last partitions'
     * lines out before the listener goes.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                while (jobsEnded < jobsStarted && System.nanoTime() < deadline) {
                    wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.removeSparkListener(this);
    }
}
