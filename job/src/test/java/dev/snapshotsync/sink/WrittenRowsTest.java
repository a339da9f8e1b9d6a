package dev.snapshotsync.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.SnapshotSyncException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.TestSpark;
import dev.snapshotsync.types.JsonLineColumn;
import dev.snapshotsync.types.JsonLineColumn.Rendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's rule for a faster path: the bytes are the old path's. CSV files are written by
 * Spark's own writer, JSON Lines by the project's (JsonLinesFormat), each with a row count around
 * each file (WrittenRows), so that a large file need not be read back to be counted. The files are
 * byte for byte those of Spark's plain {@code csv} source, and of {@code to_json} through its
 * {@code text} source, for the same rows (every Spark type a shaped table holds, text that needs
 * quoting or escaping, malformed UTF-8, floating-point edge values, NULL and empty strings) in every
 * CSV dialect option and compression, several files per task included; each file's count is the
 * count read back from it.
 */
class WrittenRowsTest {
    private static final String HOSTILE_NAME = "say \"hi\" \\ \n\t ✓ 𝄞 \u0001";
    private static final String HOSTILE = "'a,b;c\td', 'say \"hi\"', 'it\\'s', 'two\nlines', 'cr\rlf\r\n', '', "
            + "'  padded  ', 'back\\\\slash', 'ünïcødé ✓ 𝄞', 'nul-free \u0001 control', 'NULL', '\\\\N'";

    @TempDir
    Path dir;

    @Test
    void csvFilesAreSparksOwnBytesInEveryDialectAndEachFileIsCountedAsWritten() throws IOException {
        Dataset<Row> rows = rows();
        List<Map<String, String>> dialects = List.of(
                Map.of("header", "true", "sep", ",", "quote", "\"", "escape", "\"", "nullValue", "",
                        "emptyValue", "\"\"", "quoteAll", "false", "lineSep", "\n"),
                Map.of("header", "true", "sep", ";", "quote", "'", "escape", "\\", "nullValue", "NULL",
                        "quoteAll", "true", "lineSep", "\r\n", "compression", "gzip"),
                Map.of("header", "true", "sep", "\t", "nullValue", "\\N", "emptyValue", "\"\"", "quoteAll", "false",
                        "lineSep", "\r", "maxRecordsPerFile", "7", "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"),
                Map.of("header", "true", "sep", "|", "quote", "\"", "escape", "\"", "nullValue", "",
                        "ignoreLeadingWhiteSpace", "false", "ignoreTrailingWhiteSpace", "false", "encoding", "UTF-8",
                        "compression", "gzip", "maxRecordsPerFile", "5"));
        for (int i = 0; i < dialects.size(); i++) {
            Map<String, String> dialect = dialects.get(i);
            Path old = dir.resolve("csv-old-" + i);
            Path fast = dir.resolve("csv-new-" + i);
            rows.write().format("csv").options(dialect).save(old.toString());
            Map<String, Long> counted = countingWrite(rows.write().format(CountingCsvFormat.class.getName())
                    .options(dialect), fast);
            Map<String, byte[]> oldFiles = dataFiles(old);
            assertEquals(asText(oldFiles), asText(dataFiles(fast)), "CSV with " + dialect);
            CsvSettings csv = new CsvSettings(dialect.get("sep"), dialect.getOrDefault("quote", "\""),
                    dialect.getOrDefault("escape", "\\"), dialect.get("nullValue"), false, dialect.getOrDefault("lineSep", "\n"), "none",
                    false);
            Map<String, Long> readBack = new TreeMap<>();
            for (String name : oldFiles.keySet()) {
                readBack.put(name, RowCounter.csvRows(local(), local().getFileStatus(new org.apache.hadoop.fs.Path(
                        old.resolve(fileNamed(old, name)).toUri())), new CompressionCodecFactory(new Configuration()), csv));
            }
            assertEquals(readBack, counted, "rows per file as written, CSV with " + dialect);
            assertEquals(rows.count(), counted.values().stream().mapToLong(Long::longValue).sum());
            assertTrue(dialect.containsKey("maxRecordsPerFile") ? counted.size() > 3 : counted.size() == 3,
                    "files: " + counted);
        }
    }

    @Test
    void jsonLinesAreToJsonsBytesAndEachFileIsCountedAsWritten() throws IOException {
        Dataset<Row> rows = rows().withColumnRenamed("text", HOSTILE_NAME).selectExpr("*",
                "element_at(array(double('NaN'), double('Infinity'), double('-Infinity'), -0.0D, 1e-300D, 1.0E10D, "
                        + "123456789.125D, 4.9E-324D, 1.7976931348623157E308D), CAST(id % 9 + 1 AS INT)) AS odd",
                "CAST(id / 7.0 AS FLOAT) AS single", "CASE WHEN id % 4 = 0 THEN float('NaN') END AS single_nan",
                "CAST(id % 100 - 50 AS TINYINT) AS tiny", "CAST(id * 333 - 9000 AS SMALLINT) AS short",
                "element_at(array(-9223372036854775808L, 9223372036854775807L, 0L, -1L, 1000000000000000000L), "
                        + "CAST(id % 5 + 1 AS INT)) AS extreme",
                // Malformed UTF-8 (a string cast from bytes), and every control character.
                "CASE WHEN id % 3 = 0 THEN CAST(unhex('41FFC3') AS STRING) WHEN id % 3 = 1 "
                        + "THEN CAST(unhex('EDA080F0908080') AS STRING) ELSE 'ok' END AS malformed",
                "concat_ws('', transform(sequence(0, 31), c -> char(c)), char(127), '\u2028\u00e9') AS controls");
        Map<String, String> toJson = Map.of("ignoreNullFields", "false", "timestampFormat", FormatWriter.TIMESTAMP_FORMAT);
        Dataset<Row> lines = rows.select(to_json(struct(col("*")), toJson).as("value"));
        List<Column> columns = new ArrayList<>();
        for (String name : rows.columns()) {
            Column value = col("`" + name + "`");
            String prefix = new ObjectMapper().writeValueAsString(name) + ":";
            if (name.equals("amount")) {
                columns.add(members(to_json(struct(value), toJson), columns.size()));
            } else if (name.equals("day")) {
                columns.add(members(to_json(struct(value, col("at")), toJson), columns.size()));
            } else if (!name.equals("at")) {
                columns.add(value.as("j" + columns.size(), new JsonLineColumn(prefix, Rendering.VALUE).metadata()));
            }
        }
        Dataset<Row> described = rows.select(columns.toArray(Column[]::new));
        for (String compression : List.of("none", "gzip")) {
            Path old = dir.resolve("json-old-" + compression);
            Path fast = dir.resolve("json-new-" + compression);
            lines.write().format("text").option("compression", compression).option("lineSep", "\n").save(old.toString());
            Map<String, Long> counted = countingWrite(described.write().format(JsonLinesFormat.class.getName())
                    .option("compression", compression).option("lineSep", "\n"), fast);
            assertEquals(asText(dataFiles(old)), asText(dataFiles(fast)), "JSON Lines, compression " + compression);
            RowCounter counter = new RowCounter(TestSpark.session(), target("json", compression));
            assertEquals(new TreeMap<>(withoutWriteIds(counter.perFile(local(), hadoopPath(old)))), counted,
                    "rows per file as written, compression " + compression);
        }
    }

    /** Members made by to_json (its braces cut), as the shape step hands over a run of other types. */
    private static Column members(Column object, int position) {
        return regexp_replace(object, "^\\{|\\}$", "").as("j" + position,
                new JsonLineColumn("", Rendering.MEMBERS).metadata());
    }

    @Test
    void aLargeFileTakesItsTasksCountAndASmallFileMustAgreeWithIt() throws IOException {
        Path written = dir.resolve("agree");
        Map<String, Long> asWritten;
        try (WrittenRows counts = WrittenRows.open(TestSpark.session())) {
            rows().write().format(CountingCsvFormat.class.getName()).option("header", "true")
                    .option(WrittenRows.OPTION, counts.key()).save(written.toString());
            asWritten = counts.perFile();
        }
        TargetSettings csv = target("csv", "none");
        String first = asWritten.keySet().stream().sorted().findFirst().orElseThrow();
        Map<String, Long> wrong = new TreeMap<>(asWritten);
        wrong.put(first, asWritten.get(first) + 1);

        // Read back (small files): the counts agree, or the run stops naming the file and both counts.
        assertEquals(asWritten, new RowCounter(TestSpark.session(), csv).perFile(local(), hadoopPath(written), asWritten));
        SnapshotSyncException e = assertThrows(SnapshotSyncException.class,
                () -> new RowCounter(TestSpark.session(), csv).perFile(local(), hadoopPath(written), wrong));
        assertTrue(e.getMessage().contains(first) && e.getMessage().contains("holds " + asWritten.get(first)
                + " rows read back, but its task wrote " + wrong.get(first) + " rows"), e.getMessage());

        // Above the read-back limit the task's count is taken as it is, without reading the file;
        // a file without one is read back.
        RowCounter large = new RowCounter(TestSpark.session(), csv, 0);
        assertEquals(wrong, large.perFile(local(), hadoopPath(written), wrong));
        Map<String, Long> missing = new TreeMap<>(wrong);
        missing.remove(first);
        Map<String, Long> expected = new TreeMap<>(wrong);
        expected.put(first, asWritten.get(first));
        assertEquals(expected, large.perFile(local(), hadoopPath(written), missing));
    }

    /** Every type a shaped table hands the writers, hostile text, NULL and empty values, in three partitions. */
    private static Dataset<Row> rows() {
        SparkSession spark = TestSpark.session();
        return spark.sql("SELECT id, "
                + "CASE WHEN id % 13 = 0 THEN NULL ELSE element_at(array(" + HOSTILE + "), CAST(id % 12 + 1 AS INT)) END AS text, "
                + "CAST(id * 7 - 50 AS INT) AS small, id * 1000000007 AS big, CAST(id / 3.0 AS DECIMAL(20, 6)) AS amount, "
                + "CAST(id AS DOUBLE) / 7 AS ratio, id % 2 = 0 AS flag, date_add(DATE'1999-12-31', CAST(id AS INT)) AS day, "
                + "timestamp_micros(id * 86400000123) AS at, CASE WHEN id % 5 = 0 THEN NULL ELSE id END AS maybe "
                + "FROM range(0, 40, 1, 3)");
    }

    private static Map<String, Long> countingWrite(DataFrameWriter<Row> writer, Path to) {
        try (WrittenRows counts = WrittenRows.open(TestSpark.session())) {
            writer.option(WrittenRows.OPTION, counts.key()).save(to.toString());
            return new TreeMap<>(withoutWriteIds(counts.perFile()));
        }
    }

    private static FileSystem local() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri());
    }

    private static TargetSettings target(String format, String compression) {
        return SettingsLoader.load(SettingsLoader.parseText("""
                snapshot-sync {
                  source { host = db, database = shop, user = reader, password = pw, ssl.mode = require,
                           ssl.allow-insecure = true }
                  target { uri = "s3a://exports/shop", encryption.kms-key-id = "1234abcd-key", format = %s,
                           csv.compression = %s, json.compression = %s }
                  tables { orders {} }
                }""".formatted(format, compression, compression), "test.conf"),
                SettingsLoader.parseOverrides(List.of())).target();
    }

    /** A data file's name without the write's id: {@code part-00001-<id>-c000.csv} is {@code part-00001-c000.csv}. */
    private static String withoutWriteId(String name) {
        return name.replaceFirst("^(part-\\d+)-[0-9a-f-]{36}", "$1");
    }

    private static Map<String, Long> withoutWriteIds(Map<String, Long> byName) {
        Map<String, Long> renamed = new TreeMap<>();
        byName.forEach((name, rows) -> renamed.put(withoutWriteId(name), rows));
        return renamed;
    }

    private static String fileNamed(Path folder, String withoutId) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> withoutWriteId(n).equals(withoutId))
                    .findFirst().orElseThrow();
        }
    }

    /** The data files of a write folder by name without the write's id. */
    private static Map<String, byte[]> dataFiles(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                files.put(withoutWriteId(file.getFileName().toString()), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static Map<String, String> asText(Map<String, byte[]> files) {
        Map<String, String> text = new TreeMap<>();
        files.forEach((name, bytes) -> text.put(name, new String(bytes, StandardCharsets.ISO_8859_1)));
        return text;
    }
}
