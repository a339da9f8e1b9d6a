package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Counts the rows that are really in the written files, per file: the manifest records them, and
 * their sum is compared with the rows read from the source. Parquet files are counted from their
 * footers (the row count of every row group), without reading data. CSV and JSON Lines files are
 * read back, one Spark count per file, several at once: that also proves they parse with the
 * options they were written with (CSV quoting of line breaks, for one). JSON Lines hold one row
 * per line, so lines are counted without parsing.
 *
 * <p>One count per file rather than one grouped by {@code input_file_name()}: the grouping hashes
 * the file name for every row, which cost more than the parsing itself.
 */
public final class RowCounter {
    private final SparkSession spark;
    private final TargetSettings target;

    public RowCounter(SparkSession spark, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** Rows per file name of the data files under a directory of CSV, JSON Lines or Parquet files (Delta stages Parquet). */
    public Map<String, Long> perFile(FileSystem fs, Path directory) throws IOException {
        List<FileStatus> files = new DayPublisher(fs).dataFiles(directory);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        boolean parquet = target.format() == OutputFormat.PARQUET || target.format() == OutputFormat.DELTA;
        List<Long> counts = IoTasks.map(files, file -> parquet
                        ? footerRows(file, conf)
                        : reader().load(file.getPath().toString()).count(),
                "counting the rows of the files under " + directory);
        Map<String, Long> byName = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byName.put(files.get(i).getPath().getName(), counts.get(i));
        }
        return byName;
    }

    private static long footerRows(FileStatus file, Configuration conf) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
            return reader.getRecordCount();
        }
    }

    /**
     * Rows per file of rows already selected (one day of a Delta table), by the file's folder and
     * name ({@code snapshot_date=D/part-...}): its path relative to the table.
     */
    public static Map<String, Long> countByFile(Dataset<Row> rows) {
        List<Row> counts = rows.select(functions.input_file_name().as("file"))
                .groupBy("file").count().collectAsList();
        Map<String, Long> byPath = new HashMap<>();
        for (Row row : counts) {
            String file = row.getString(0);
            int name = file.lastIndexOf('/');
            byPath.put(file.substring(file.lastIndexOf('/', name - 1) + 1), row.getLong(1));
        }
        return byPath;
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
            case PARQUET, DELTA -> throw new IllegalStateException(target.format() + " files are not read back to be "
                    + "counted");
        };
    }
}
