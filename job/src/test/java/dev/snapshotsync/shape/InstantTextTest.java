package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.sink.JsonLinesFormat;
import dev.snapshotsync.testing.TestSpark;
import dev.snapshotsync.types.ValueKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's rule for a faster path: the bytes are the old path's. Instants are rendered by
 * InstantText instead of by the CSV writer's and to_json's timestampFormat; the files and lines
 * the two paths write for the same values (the first and last instants a source column can hold,
 * leap days, century years, every fraction width, random instants, NULL, and years only a
 * contract's cast can make) are the same, in every CSV dialect option that touches a value.
 */
class InstantTextTest {
    private static final DateTimeFormatter JAVA_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void textIsJavaTimesForEveryInstantASourceColumnHolds() {
        for (long micros : instants(200_000, false)) {
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            assertEquals(JAVA_TIME.format(instant), InstantText.format(micros), "micros " + micros);
        }
    }

    @Test
    void csvFilesAndJsonLinesAreByteForByteTheOldPathsInEveryDialect() throws IOException {
        SparkSession spark = TestSpark.session();
        List<Long> values = instants(2_000, true);
        Dataset<Row> rows = spark.createDataset(values, Encoders.LONG()).toDF("micros")
                .select(col("micros"), timestamp_micros(col("micros")).as("at"))
                .union(spark.sql("SELECT CAST(NULL AS BIGINT) AS micros, CAST(NULL AS TIMESTAMP) AS at"))
                .orderBy(col("micros").asc_nulls_first()).coalesce(1).cache();
        for (Map<String, String> dialect : List.of(
                Map.of("nullValue", "", "quoteAll", "false", "sep", ","),
                Map.of("nullValue", "NULL", "quoteAll", "true", "sep", ";", "quote", "'", "escape", "\\"),
                Map.of("nullValue", "\\N", "quoteAll", "false", "sep", "\t", "emptyValue", "\"\""))) {
            Path old = dir.resolve("old-" + dialect.hashCode());
            Path fast = dir.resolve("new-" + dialect.hashCode());
            rows.select(col("micros"), col("at")).write().options(dialect).option("header", "true")
                    .option("timestampFormat", FormatRendering.ISO_INSTANT).csv(old.toString());
            rows.select(col("micros"), FormatRendering.csv(col("at"), ValueKind.INSTANT)
                    .as("at")).write().options(dialect).option("header", "true")
                    .option("timestampFormat", FormatRendering.ISO_INSTANT).csv(fast.toString());
            assertEquals(dataBytes(old), dataBytes(fast), "CSV with " + dialect);
        }
        Map<String, String> toJson = Map.of("timestampFormat", FormatRendering.ISO_INSTANT, "ignoreNullFields", "false");
        List<String> oldLines = rows.select(to_json(struct(col("micros"), col("at")), toJson)).as(Encoders.STRING())
                .collectAsList();
        Path lines = dir.resolve("json-lines");
        rows.select(FormatRendering.jsonColumns(List.of("micros", "at"), List.of(col("micros"), col("at")),
                        List.of(ValueKind.INTEGER, ValueKind.INSTANT), List.of(DataTypes.LongType, DataTypes.TimestampType)))
                .write().format(JsonLinesFormat.class.getName()).option("lineSep", "\n").save(lines.toString());
        assertEquals(String.join("\n", oldLines) + "\n", dataBytes(lines));
        rows.unpersist();
    }

    /**
     * Instants from 0001-01-01 to 9999-12-31: the ends, each side of leap days and century years,
     * every fraction width, and random ones; with {@code beyond}, years 0 and 10000 too.
     */
    private static List<Long> instants(int random, boolean beyond) {
        List<Long> values = new ArrayList<>(List.of(InstantText.FIRST, InstantText.LAST, 0L, -1L, 1L, 999_999L,
                -1_000_000L, 1_000_000L));
        for (String day : List.of("1600-02-29", "1700-02-28", "1700-03-01", "1900-02-28", "1900-03-01", "2000-02-29",
                "2024-02-29", "2100-03-01", "1969-12-31", "1582-10-04", "1582-10-15", "9999-12-31", "0001-12-31")) {
            long micros = Instant.parse(day + "T00:00:00Z").getEpochSecond() * 1_000_000L;
            values.addAll(List.of(micros - 1, micros, micros + 1, micros + 10, micros + 120_000, micros + 86_399_999_999L));
        }
        SplittableRandom generator = new SplittableRandom(20261202);
        for (int i = 0; i < random; i++) {
            values.add(generator.nextLong(InstantText.FIRST, InstantText.LAST + 1));
        }
        if (beyond) {
            values.addAll(List.of(InstantText.FIRST - 1, InstantText.FIRST - 86_400_000_000L * 366, InstantText.LAST + 1,
                    InstantText.LAST + 1_000_000L * 86_400 * 400));
        }
        return values;
    }

    private static String dataBytes(Path written) throws IOException {
        try (Stream<Path> files = Files.list(written)) {
            List<Path> parts = files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
            StringBuilder all = new StringBuilder();
            for (Path part : parts) {
                all.append(Files.readString(part));
            }
            return all.toString();
        }
    }
}
