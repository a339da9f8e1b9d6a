package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads published days back, in the format the target is configured with, so that what is read is
 * what the writer meant: CSV and JSON Lines come back as text exactly as written (no type
 * inference, which could guess differently from day to day), Parquet with its own types.
 */
public final class DayReader {
    private static final String DAY_PREFIX = "snapshot_date=";
    /** The partition column of a Delta target (DeltaDayWriter), a DATE. */
    private static final String DELTA_DATE_COLUMN = "snapshot_date";
    /**
     * What Spark's CSV reader returns for a quoted empty field before it is turned back into "".
     * PostgreSQL text cannot hold NUL, so no real value collides with it.
     */
    private static final String EMPTY_MARK = "\u0000snapshot-sync-empty\u0000";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final FileSystem fs;
    private final TargetSettings target;

    public DayReader(SparkSession spark, FileSystem fs, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.fs = requireNonNull(fs, "fs is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** A day is published when its folder holds {@code _SUCCESS} (README, "Output layout"). */
    public Path successMarker(String table, LocalDate date) {
        return new Path(new TargetLocation(target.uri()).day(table, date), TargetLocation.SUCCESS);
    }

    public boolean isPublished(String table, LocalDate date) throws IOException {
        return fs.exists(successMarker(table, date));
    }

    /** The table's published days, oldest first. */
    public List<LocalDate> publishedDays(String table) throws IOException {
        Path folder = new TargetLocation(target.uri()).table(table);
        List<LocalDate> days = new ArrayList<>();
        if (!fs.exists(folder)) {
            return days;
        }
        for (FileStatus status : fs.listStatus(folder)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && name.startsWith(DAY_PREFIX)) {
                try {
                    LocalDate date = LocalDate.parse(name.substring(DAY_PREFIX.length()));
                    if (isPublished(table, date)) {
                        days.add(date);
                    }
                } catch (DateTimeParseException e) {
                    // Not a day folder of ours (someone else's object under the table); not a day either.
                }
            }
        }
        days.sort(null);
        return days;
    }

    /** The rows of one day; the caller has checked that it is published. */
    public Dataset<Row> read(String table, LocalDate date) {
        TargetLocation location = new TargetLocation(target.uri());
        String day = location.day(table, date).toString();
        // By name rather than by enum constant: Delta keeps one table per source table at
        // <uri>/<table>/, partitioned by day, and only that format is read from the table folder.
        return switch (target.format().configName()) {
            case "csv" -> emptyStringsRestored(spark.read().options(csvReadOptions(target.csv())).csv(day));
            case "json" -> inWrittenOrder(spark.read().option("primitivesAsString", "true").json(day), day);
            case "parquet" -> spark.read().parquet(day);
            case "delta" -> spark.read().format("delta").load(location.table(table).toString())
                    .where(functions.col(DELTA_DATE_COLUMN).equalTo(functions.lit(java.sql.Date.valueOf(date))))
                    .drop(DELTA_DATE_COLUMN);
            default -> throw new IllegalStateException("no reader for format " + target.format());
        };
    }

    /**
     * The writer's options, read back: multiLine because quoted values may hold line breaks; the
     * line separator detected rather than given (Spark's reader takes one character only, and
     * CRLF files hold both); a quoted empty field marked so it is not confused with NULL, since
     * Spark turns every value equal to nullValue, the empty string included, into NULL.
     */
    static Map<String, String> csvReadOptions(CsvSettings csv) {
        Map<String, String> options = FormatWriter.csvOptions(csv);
        options.remove("lineSep");
        options.put("multiLine", "true");
        options.put("emptyValue", EMPTY_MARK);
        return options;
    }

    /**
     * Spark's JSON reader sorts the fields it infers by name; put them back in the order the
     * writer gave them, as the first record of the day has them.
     */
    private Dataset<Row> inWrittenOrder(Dataset<Row> rows, String day) {
        List<Row> first = spark.read().text(day).limit(1).collectAsList();
        List<String> order = new ArrayList<>();
        if (!first.isEmpty()) {
            try {
                JSON.readTree(first.get(0).getString(0)).fieldNames().forEachRemaining(order::add);
            } catch (IOException e) {
                return rows;
            }
        }
        List<String> names = new ArrayList<>(order.stream().filter(List.of(rows.columns())::contains).toList());
        Arrays.stream(rows.columns()).filter(name -> !names.contains(name)).forEach(names::add);
        return rows.select(names.stream().map(name -> rows.col(quoted(name))).toArray(Column[]::new));
    }

    private static Dataset<Row> emptyStringsRestored(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = rows.col(quoted(field.name()));
            columns.add(field.dataType().equals(DataTypes.StringType)
                    ? functions.when(column.equalTo(EMPTY_MARK), functions.lit("")).otherwise(column).as(field.name())
                    : column);
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /** A column name for Spark's parser: back-quoted, back-quotes doubled, so dots and spaces stay literal. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
