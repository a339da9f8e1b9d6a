package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One Delta Lake table per source table at {@code <root>/<table>/}, partitioned by
 * {@code snapshot_date}. A run overwrites with {@code replaceWhere} on its own day only, so the
 * other days stay as they were, and Delta's commit makes the new day visible at once. Only the
 * DataFrame reader and writer are used: they work without the Delta SQL extension in the session
 * (which Glue and EMR jobs may not have), in Delta 3.3 and 4.x alike.
 */
public final class DeltaDayWriter {
    public static final String DATE_COLUMN = "snapshot_date";

    private final SparkSession spark;
    private final TargetSettings target;

    public DeltaDayWriter(SparkSession spark, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** {@code rows} are already shaped by {@link FilePlan#apply}, whose writer options come along. */
    public void write(Dataset<Row> rows, Path table, LocalDate date, FilePlan plan) {
        rows.withColumn(DATE_COLUMN, functions.lit(java.sql.Date.valueOf(date)))
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", DATE_COLUMN + " = DATE'" + date + "'")
                .partitionBy(DATE_COLUMN)
                .options(FormatWriter.options(target))
                .options(plan.writerOptions())
                .save(table.toString());
    }

    /** Rows per data file of the day in the table's current version. */
    public Map<String, Long> rowsPerFile(Path table, LocalDate date) {
        return RowCounter.countByFile(spark.read().format("delta").load(table.toString())
                .where(functions.col(DATE_COLUMN).equalTo(functions.lit(java.sql.Date.valueOf(date)))));
    }

    /** The commit files of the log, newest last: the newest is this run's commit. */
    public static List<Path> latestCommit(FileSystem fs, Path table) throws IOException {
        Path newest = null;
        for (FileStatus status : fs.listStatus(new Path(table, "_delta_log"))) {
            String name = status.getPath().getName();
            if (name.endsWith(".json") && (newest == null || name.compareTo(newest.getName()) > 0)) {
                newest = status.getPath();
            }
        }
        List<Path> commit = new ArrayList<>();
        if (newest != null) {
            commit.add(newest);
        }
        return commit;
    }
}
