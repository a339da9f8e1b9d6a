package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import org.apache.spark.sql.types.StructType;

/**
 * Reads published days back, in the format the target is configured with, so that what is read is
 * what the writer meant: CSV comes back as text exactly as written (no type inference, which could
 * guess differently from day to day), JSON Lines with exact numbers, Parquet and Delta with their
 * own types.
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

    /**
     * The rows of each day, in the order given; the caller has checked that they are published.
     * The days are read together so that JSON Lines, whose types Spark infers, get one schema.
     */
    public List<Dataset<Row>> read(String table, List<LocalDate> dates) {
        TargetLocation location = new TargetLocation(target.uri());
        List<String[]> days = target.format().configName().equals("delta") ? dates.stream().map(d -> new String[0])
                .toList() : dates.stream().map(date -> manifestFiles(location, table, date)).toList();
        if (target.format().configName().equals("json")) {
            return json(days);
        }
        List<Dataset<Row>> rows = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            rows.add(read(location, table, dates.get(i), days.get(i)));
        }
        return rows;
    }

    /**
     * The files a day's manifest names: a reader that follows the manifest never sees the files of
     * a publish in progress, nor those a failed one left beside the day (README, "Publishing a day").
     */
    private String[] manifestFiles(TargetLocation location, String table, LocalDate date) {
        Path day = location.day(table, date);
        try (java.io.InputStream in = fs.open(new Path(day, DayPublisher.MANIFEST))) {
            List<String> files = new ArrayList<>();
            URI root = URI.create(location.root());
            for (JsonNode file : JSON.readTree(in).path("files")) {
                String key = file.get("key").asText();
                files.add(location.isS3() ? root.getScheme() + "://" + root.getAuthority() + "/" + key : key);
            }
            // A day of no rows may have no file: the folder then reads as empty.
            return files.isEmpty() ? new String[] {day.toString()} : files.toArray(String[]::new);
        } catch (IOException e) {
            throw TargetErrors.translate(e, target, "reading the manifest of " + day + " under");
        }
    }

    private Dataset<Row> read(TargetLocation location, String table, LocalDate date, String... day) {
        // By name rather than by enum constant: Delta keeps one table per source table at
        // <uri>/<table>/, partitioned by day, and only that format is read from the table folder.
        return switch (target.format().configName()) {
            case "csv" -> emptyStringsRestored(spark.read().options(csvReadOptions(target.csv())).csv(day));
            case "parquet" -> spark.read().parquet(day);
            case "delta" -> spark.read().format("delta").load(location.table(table).toString())
                    .where(functions.col(DELTA_DATE_COLUMN).equalTo(functions.lit(java.sql.Date.valueOf(date))))
                    .drop(DELTA_DATE_COLUMN);
            default -> throw new IllegalStateException("no reader for format " + target.format());
        };
    }

    /**
     * JSON Lines with one schema inferred from all the days: numbers as decimals (exact; as
     * doubles 12345678901234567.12 and .13 would be equal) wide enough for every day, so a number
     * is not a type change because another day has a longer one. Each day then keeps its own
     * columns in the order the writer gave them, as its first record has them (the writer writes
     * every field, NULLs included); Spark's inference would sort them by name.
     */
    private List<Dataset<Row>> json(List<String[]> days) {
        StructType schema = spark.read().option("prefersDecimal", "true")
                .json(days.stream().flatMap(java.util.Arrays::stream).toArray(String[]::new)).schema();
        List<Dataset<Row>> rows = new ArrayList<>();
        for (String[] day : days) {
            Dataset<Row> all = spark.read().schema(schema).json(day);
            List<String> names = firstRecordFields(day).stream().filter(List.of(schema.fieldNames())::contains).toList();
            rows.add(names.isEmpty() ? all : all.select(names.stream().map(n -> all.col(quoted(n))).toArray(Column[]::new)));
        }
        return rows;
    }

    private List<String> firstRecordFields(String... day) {
        List<Row> first = spark.read().text(day).limit(1).collectAsList();
        List<String> names = new ArrayList<>();
        if (!first.isEmpty()) {
            try {
                JSON.readTree(first.get(0).getString(0)).fieldNames().forEachRemaining(names::add);
            } catch (IOException e) {
                return List.of();
            }
        }
        return names;
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
