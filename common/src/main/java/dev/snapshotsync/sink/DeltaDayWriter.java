package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.ConfigurationException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
 * DataFrame reader and writer are used (the same calls in Delta 3.3 and 4.x), but Delta 4 refuses
 * them unless the session was built with Delta's extension and catalog, which are static
 * settings: the job's session sets them when Delta is on the class path, and on Glue
 * {@code --datalake-formats delta} does.
 */
public final class DeltaDayWriter {
    public static final String DATE_COLUMN = TargetLocation.DATE_KEY;
    /** Characters Delta refuses in column names unless the table maps names to physical ones. */
    private static final String NEEDS_COLUMN_MAPPING = " ,;{}()\n\t=";
    /**
     * Column mapping by name and the protocol it needs (reader 2, writer 5), as table properties
     * given at creation: data files then use physical names, and the names above are allowed.
     * https://docs.delta.io/latest/delta-column-mapping.html
     */
    private static final Map<String, String> COLUMN_MAPPING = Map.of("delta.columnMapping.mode", "name",
            "delta.minReaderVersion", "2", "delta.minWriterVersion", "5");
    private static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    private static final String CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    /** The session settings Delta needs (Delta's quick start), or none when Delta is not on the class path. */
    public static final Map<String, String> SESSION_SETTINGS = deltaPresent()
            ? Map.of("spark.sql.extensions", EXTENSION, "spark.sql.catalog.spark_catalog", CATALOG)
            : Map.of();

    private final SparkSession spark;
    private final TargetSettings target;

    public DeltaDayWriter(SparkSession spark, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** Fails with what to set (exit 2) when the session cannot write Delta tables. */
    public static void requireDeltaSession(SparkSession spark) {
        String extensions = spark.conf().get("spark.sql.extensions", "");
        if (!deltaPresent() || !extensions.contains(EXTENSION)) {
            throw ConfigurationException.of("format 'delta' for 'snapshot-sync.target.format' needs Delta Lake in the "
                    + "Spark session, which has spark.sql.extensions '" + extensions + "'. Allowed: a session with "
                    + "spark.sql.extensions=" + EXTENSION + " and spark.sql.catalog.spark_catalog=" + CATALOG
                    + ". On Glue add the job parameter --datalake-formats delta; on EMR pass both with --conf.");
        }
    }

    private static boolean deltaPresent() {
        try {
            Class.forName(EXTENSION, false, DeltaDayWriter.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
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
                .options(columnMapping(rows.columns()))
                .save(table.toString());
    }

    /**
     * Column mapping only when a name needs it: a table whose names are all plain stays readable by
     * readers without column mapping support (older Athena engines, for one).
     */
    static Map<String, String> columnMapping(String[] names) {
        boolean needed = Arrays.stream(names)
                .anyMatch(name -> name.chars().anyMatch(c -> NEEDS_COLUMN_MAPPING.indexOf(c) >= 0));
        return needed ? COLUMN_MAPPING : Map.of();
    }

    /**
     * The data files of the day in the table's current version: below the day's folder, or with
     * column mapping below random two-character folders, where Delta then writes data files. They
     * come from the table's log (the files a scan of the day would read), without reading a row.
     */
    public List<Path> dayFiles(Path table, LocalDate date) {
        return Arrays.stream(spark.read().format("delta").load(table.toString())
                        .where(functions.col(DATE_COLUMN).equalTo(functions.lit(java.sql.Date.valueOf(date))))
                        .inputFiles())
                .sorted().map(Path::new).toList();
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
