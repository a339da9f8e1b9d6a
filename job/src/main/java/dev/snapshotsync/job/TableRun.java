package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.shape.ShapeReport;
import dev.snapshotsync.sink.WrittenFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructType;

/**
 * One table on its way through a run. Mutable on purpose: each step fills in what it learned
 * (rows read, files, counts), and the run summary reports whatever was reached when a run fails.
 * Tables are staged and published several at once, but a TableRun is never shared: only its
 * table's thread touches it while the table is staged or published, and the run's thread reads it
 * after joining that thread (ConcurrentStaging, RunPublisher), which makes the writes visible.
 */
final class TableRun {
    static final String PENDING = "pending";
    static final String STAGED = "staged";
    static final String PUBLISHED = "published";

    final TableSettings table;
    final SourceTable source;
    final Path day;
    String status = PENDING;
    /** How far the publish of the day got. */
    Publish publish = Publish.NOT_STARTED;
    StructType outputSchema;
    Path staged;
    long rowsRead = -1;
    long rowsWritten = -1;
    Map<String, Long> rowsPerFile = Map.of();
    List<WrittenFile> files = List.of();
    long millis;
    /** When the table's read started and when its files were staged (null until then): the run report's overlap. */
    Instant stagingStarted;
    Instant stagingEnded;
    /** The column plan and sanitize counts, once the table is written. */
    ShapeReport shape;

    /** The steps of a publish (DayPublisher), each a state a reader may find if the run stops after it. */
    enum Publish { NOT_STARTED, DATA_IN, MANIFEST_WRITTEN, SUCCESS_WRITTEN }

    TableRun(TableSettings table, SourceTable source, Path day) {
        this.table = requireNonNull(table, "table is null");
        this.source = requireNonNull(source, "source is null");
        this.day = requireNonNull(day, "day is null");
    }
}
