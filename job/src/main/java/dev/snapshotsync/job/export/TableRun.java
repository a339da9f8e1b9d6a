package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.shape.ShapeReport;
import dev.snapshotsync.sink.CountedTable;
import dev.snapshotsync.sink.PublishStep;
import dev.snapshotsync.sink.PublishedTable;
import dev.snapshotsync.sink.StagedTable;
import dev.snapshotsync.sink.TableTarget;
import dev.snapshotsync.sink.WrittenFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * One table's way through a run: what was planned (final), then the immutable record of each stage
 * it reached (staged, counted, published), each made from the one before by the step that owns
 * it, and kept here so that the run summary reports whatever was reached when a run fails.
 * Every stage is set once, by the table's own thread while it is staged or published; the run's
 * thread reads them after joining that thread (ConcurrentStaging, RunPublisher), and the fields
 * are volatile for the readers that do not join (a failed run's report).
 */
final class TableRun {
    static final String PENDING = "pending";
    static final String STAGED = "staged";
    static final String PUBLISHED = "published";

    final TableSettings table;
    final SourceTable source;
    final TableTarget target;
    /** When the table's read started (null until then): the run report's overlap. */
    private volatile Instant stagingStarted;
    private volatile Staged staged;
    private volatile CountedTable counted;
    private volatile PublishStep publish = PublishStep.NOT_STARTED;
    private volatile PublishedTable published;

    /** A table's files in staging, what shaping did to its columns, and when its staging ended. */
    record Staged(StagedTable files, ShapeReport shape, Instant ended) {
        Staged {
            requireNonNull(files, "files is null");
            requireNonNull(shape, "shape is null");
            requireNonNull(ended, "ended is null");
        }
    }

    TableRun(TableSettings table, SourceTable source, TableTarget target) {
        this.table = requireNonNull(table, "table is null");
        this.source = requireNonNull(source, "source is null");
        this.target = requireNonNull(target, "target is null");
    }

    Path day() {
        return target.day();
    }

    void stagingStarted(Instant started) {
        this.stagingStarted = requireNonNull(started, "started is null");
    }

    Instant stagingStarted() {
        return stagingStarted;
    }

    void staged(Staged stage) {
        this.staged = requireNonNull(stage, "stage is null");
    }

    Staged staged() {
        return staged;
    }

    void counted(CountedTable stage) {
        this.counted = requireNonNull(stage, "stage is null");
    }

    CountedTable counted() {
        return counted;
    }

    /** The publish step reached; told by the write side as it goes (PublishStep.Listener). */
    void reached(PublishStep step) {
        this.publish = requireNonNull(step, "step is null");
    }

    PublishStep publishStep() {
        return publish;
    }

    void published(PublishedTable stage) {
        this.published = requireNonNull(stage, "stage is null");
    }

    String status() {
        if (publish == PublishStep.SUCCESS_WRITTEN) {
            return PUBLISHED;
        }
        return staged == null ? PENDING : STAGED;
    }

    long rowsRead() {
        return staged == null ? -1 : staged.files().rowsRead();
    }

    long rowsWritten() {
        if (published != null) {
            return published.rowsWritten();
        }
        return counted == null ? -1 : counted.rowsWritten();
    }

    List<WrittenFile> files() {
        return published == null ? List.of() : published.files();
    }

    /** How long the table's staging took (0 until it is staged); it started at {@link #stagingStarted()}. */
    long millis() {
        return staged == null ? 0 : Duration.between(stagingStarted, staged.ended()).toMillis();
    }

    Instant stagingEnded() {
        return staged == null ? null : staged.ended();
    }

    ShapeReport shape() {
        return staged == null ? null : staged.shape();
    }
}
