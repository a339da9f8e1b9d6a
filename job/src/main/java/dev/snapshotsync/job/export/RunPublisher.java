package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sink.PublishStep;
import dev.snapshotsync.sink.PublishedTable;
import dev.snapshotsync.sink.TableSink;
import dev.snapshotsync.sink.TargetErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publish step of a run, once every table is staged and verified: the order, and what a failure reports. */
final class RunPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(RunPublisher.class);
    /** Tables published at once: each publish is a few S3 requests and copies that wait on the network. */
    static final int AT_ONCE = 8;

    private final TableSink sink;
    private final TargetSettings target;

    RunPublisher(TableSink sink, TargetSettings target) {
        this.sink = requireNonNull(sink, "sink is null");
        this.target = requireNonNull(target, "target is null");
    }

    /**
     * Publishes the days: for Delta every table's commit first, one after another, then the
     * manifest and {@code _SUCCESS} (DayPublisher's steps for the other formats) of every table, up
     * to {@link #AT_ONCE} tables at once. When a Delta commit fails, the tables already committed
     * still get their manifest and {@code _SUCCESS}, so that their folders describe what Delta
     * shows. When a table's publish fails, tables not yet started stay as they were and those under
     * way finish. A failure names, table by table, which days are new and which are as they were,
     * so the user knows what a rerun changes.
     */
    void publish(List<TableRun> runs, TableOrigins origins, String runId) {
        Exception failure = null;
        TableRun failed = null;
        for (TableRun run : runs) {
            failure = attempt(() -> {
                sink.commit(run.counted(), run::reached);
                if (run.publishStep() == PublishStep.DATA_IN) {
                    LOG.info("table {}: committed the day to the Delta table {}", run.table.name(),
                            run.day().getParent());
                }
            });
            if (failure != null) {
                failed = run;
                break;
            }
        }
        boolean committing = failure != null;
        List<TableRun> toPublish = runs.stream()
                .filter(run -> !committing || run.publishStep() == PublishStep.DATA_IN).toList();
        Failure first = publishAll(toPublish, origins, runId);
        if (failure == null && first != null) {
            failure = first.exception();
            failed = first.run();
        }
        if (failure != null) {
            if (failure instanceof IllegalStateException bug) {
                throw bug;
            }
            SnapshotSyncException known = failure instanceof SnapshotSyncException e ? e
                    : TargetErrors.translate(failure, target, "publishing " + failed.day() + " under");
            throw new SnapshotSyncException(known.kind(), known.getMessage() + " " + outcomes(runs, failed), failure);
        }
    }

    /** A table's publish that failed, and how. */
    private record Failure(TableRun run, Exception exception) {}

    /**
     * Publishes the tables several at once; returns the first failure. Each table is published by
     * one thread; its TableRun is read here only after that thread is joined.
     */
    private Failure publishAll(List<TableRun> runs, TableOrigins origins, String runId) {
        AtomicReference<Failure> first = new AtomicReference<>();
        ExecutorService pool = DriverThreads.pool("publish", Math.min(AT_ONCE, runs.size()));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (TableRun run : runs) {
                tasks.add(pool.submit(() -> {
                    if (first.get() != null) {
                        return;
                    }
                    Exception publishFailure = attempt(() -> {
                        PublishedTable published = sink.publish(run.counted(), origins.of(run), runId, run::reached);
                        run.published(published);
                        LOG.info("table {}: published {} rows in {} files to {}", run.table.name(),
                                published.rowsWritten(), published.files().size(), run.day());
                    });
                    if (publishFailure != null) {
                        first.compareAndSet(null, new Failure(run, publishFailure));
                    }
                }));
            }
            DriverThreads.joinAll(tasks);
        } finally {
            pool.shutdown();
        }
        return first.get();
    }

    /** Runs one step of a publish; returns what it failed with, if it did. */
    private static Exception attempt(PublishAction step) {
        try {
            step.run();
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private interface PublishAction {
        void run() throws IOException;
    }

    /** What each table's day is after the publish of {@code failed} failed, as a reader finds it. */
    private String outcomes(List<TableRun> runs, TableRun failed) {
        boolean delta = target.format() == OutputFormat.DELTA;
        List<String> states = new ArrayList<>();
        for (TableRun run : runs) {
            String state = switch (run.publishStep()) {
                case NOT_STARTED -> "as before this run";
                case DATA_IN -> delta ? "new day committed to its Delta table, _manifest.json and _SUCCESS "
                        + "still those of the day before" : "as before this run (new files in the folder, not in its "
                        + "manifest)";
                case MANIFEST_WRITTEN -> "new _manifest.json written, _SUCCESS not rewritten (a day published before "
                        + "now shows the new files)";
                case SUCCESS_WRITTEN -> run == failed ? "new day published, files it replaced may remain in its folder"
                        : "new day published";
            };
            states.add(run.table.name() + ": " + state);
        }
        return "Table by table: " + String.join("; ", states) + ". Run the export of this date again: it converges "
                + "to the new day for every table.";
    }
}
