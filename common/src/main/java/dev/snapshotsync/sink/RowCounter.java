package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TargetSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Counts the rows that are really in the written files by reading them back, per file: the
 * manifest records them, and their sum is compared with the rows read from the source. Reading
 * back also proves the files parse with the options they were written with (CSV quoting of line
 * breaks, for one). JSON Lines hold one row per line, so lines are counted without parsing.
 */
public final class RowCounter {
    private final SparkSession spark;
    private final TargetSettings target;

    public RowCounter(SparkSession spark, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** Rows per file name under a directory of CSV, JSON Lines or Parquet files. */
    public Map<String, Long> perFile(String directory) {
        return countByFile(reader().load(directory));
    }

    /** Rows per file name of rows already selected (one day of a Delta table). */
    public static Map<String, Long> countByFile(Dataset<Row> rows) {
        List<Row> counts = rows.select(functions.input_file_name().as("file"))
                .groupBy("file").count().collectAsList();
        Map<String, Long> byName = new HashMap<>();
        for (Row row : counts) {
            String file = row.getString(0);
            byName.put(file.substring(file.lastIndexOf('/') + 1), row.getLong(1));
        }
        return byName;
    }

    private DataFrameReader reader() {
        DataFrameReader reader = spark.read();
        return switch (target.format()) {
            case CSV -> reader.format("csv")
                    .option("header", "true")
                    .option("multiLine", "true")
                    .option("sep", target.csv().delimiter())
                    .option("quote", target.csv().quote())
                    .option("escape", target.csv().escape());
            case JSON -> reader.format("text");
            case PARQUET -> reader.format("parquet");
            case DELTA -> throw new IllegalStateException("Delta days are counted through the Delta table");
        };
    }
}
