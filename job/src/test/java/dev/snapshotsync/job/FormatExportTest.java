package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.SourceRows;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 1: each format exported to S3, read back, compared with the source, every object encrypted. */
class FormatExportTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String SOURCE = "SELECT * FROM items ORDER BY id";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("formats");
        db.execute("""
                CREATE TABLE items (id int PRIMARY KEY, name text, amount numeric(12,2), flag boolean,
                  created timestamptz, day date)""",
                """
                INSERT INTO items VALUES
                  (1, 'plain', 1.50, true, '2026-01-15 10:00:00.123456+02', '2026-01-15'),
                  (2, 'semi;colon, "quoted"', -0.01, false, '2026-01-15 00:00:00+00', '1999-12-31'),
                  (3, E'line\\r\\nbreak', NULL, NULL, NULL, NULL),
                  (4, '', 0, true, '1970-01-01 00:00:00+00', '2000-02-29'),
                  (5, 'Zoë 日本語', 99999.99, false, '2038-01-19 03:14:07+00', '2026-12-31')""",
                "INSERT INTO items SELECT g, 'row ' || g, g * 1.25, g % 2 = 0, TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                        + " + g * INTERVAL '1 hour', DATE '2026-01-01' + g FROM generate_series(6, 20) g",
                "CREATE TABLE history (id int PRIMARY KEY, label text)",
                "INSERT INTO history SELECT g, 'label ' || g FROM generate_series(1, 12) g");
    }

    private Path config(String prefix, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { items {} }", extra);
    }

    @Test
    void csvHonoursEveryDialectOptionWithBomGzipAndRowsPerFile() throws Exception {
        Path config = config("csv", """
                snapshot-sync.target {
                  max-rows-per-file = 8
                  csv { delimiter = ";", quote-all = true, null-value = "\\\\N", line-separator = "\\r\\n",
                        bom = true, compression = gzip }
                }""");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-01-15");

        assertEquals(0, result.exitCode(), result.toString());
        String day = "csv/items/snapshot_date=2026-01-15/";
        List<String> parts = DayObjects.keys(BUCKET, day).stream().filter(k -> k.endsWith(".csv.gz")).toList();
        assertEquals(3, parts.size(), "20 rows at 8 per file: " + parts);
        List<List<String>> actual = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String part : parts) {
            byte[] bytes = DayObjects.gunzip(S3Http.get(BUCKET, part));
            assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), part);
            String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("\"id\";\"name\";\"amount\";\"flag\";\"created\";\"day\"\r\n"), text);
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                    .setNullString("\\N").get();
            try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
                for (CSVRecord record : parser) {
                    actual.add(Arrays.asList(record.values()));
                }
            }
            all.append(text);
        }
        // quote-all quotes the null text as well, so NULL is told from text only by the null text itself.
        assertTrue(all.toString().contains("\"\\N\";\"\\N\";\"\\N\";\"\\N\"\r\n"), "null text and CRLF: " + all);
        assertEquals(SourceRows.query(db, SOURCE), SourceRows.sortedById(actual));
        DayObjects.assertAllEncrypted(BUCKET, "csv/items/");
    }

    @Test
    void jsonLinesGzipHoldOneObjectPerRowWithNulls() throws Exception {
        Path config = config("json", "snapshot-sync.target { format = json, json.compression = gzip }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-01-15");

        assertEquals(0, result.exitCode(), result.toString());
        String day = "json/items/snapshot_date=2026-01-15/";
        List<String> parts = DayObjects.keys(BUCKET, day).stream().filter(k -> k.endsWith(".json.gz")).toList();
        assertEquals(1, parts.size(), "a small table is one file: " + parts);
        List<List<String>> actual = new ArrayList<>();
        String text = new String(DayObjects.gunzip(S3Http.get(BUCKET, parts.get(0))), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            JsonNode object = JSON.readTree(line);
            List<String> row = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                JsonNode value = fields.next().getValue();
                // Spark writes decimals as JSON numbers without trailing zeros (1.5 for 1.50): same value.
                row.add(value.isNull() ? null : value.isBigDecimal() || value.isIntegralNumber() && row.size() == 2
                        ? value.decimalValue().setScale(2).toPlainString() : value.asText());
            }
            assertEquals(6, row.size(), "null fields are written: " + line);
            actual.add(row);
        }
        assertEquals(SourceRows.query(db, SOURCE), SourceRows.sortedById(actual));
        DayObjects.assertAllEncrypted(BUCKET, "json/items/");
    }

    @Test
    void parquetZstdReadsBackThroughS3a() throws Exception {
        Path config = config("parquet", "snapshot-sync.target { format = parquet, parquet.compression = zstd }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-01-15");

        assertEquals(0, result.exitCode(), result.toString());
        List<String> parts = DayObjects.keys(BUCKET, "parquet/items/snapshot_date=2026-01-15/").stream()
                .filter(k -> k.endsWith(".parquet")).toList();
        assertEquals(1, parts.size(), parts.toString());
        assertTrue(parts.get(0).endsWith(".zstd.parquet"), parts.toString());
        List<Row> rows = TestSpark.session().read()
                .parquet("s3a://" + BUCKET + "/parquet/items/snapshot_date=2026-01-15").collectAsList();
        assertEquals(SourceRows.query(db, SOURCE), SourceRows.spark(rows));
        DayObjects.assertAllEncrypted(BUCKET, "parquet/items/");
    }

    @Test
    void deltaRunReplacesOnlyItsOwnDay() throws Exception {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "delta"),
                "snapshot-sync.tables { history {} }", "snapshot-sync.target.format = delta");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-01-01").exitCode());
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-01-02").exitCode());
        db.execute("DELETE FROM history WHERE id > 5");

        Cli.Result again = Cli.run("export", "--config", config.toString(), "--date", "2026-01-01");

        assertEquals(0, again.exitCode(), again.toString());
        var table = TestSpark.session().read().format("delta").load("s3a://" + BUCKET + "/delta/history");
        List<Row> dayOne = table.where(functions.col("snapshot_date").equalTo("2026-01-01")).drop("snapshot_date")
                .collectAsList();
        assertEquals(SourceRows.query(db, "SELECT * FROM history ORDER BY id"), SourceRows.spark(dayOne));
        assertEquals(12, table.where(functions.col("snapshot_date").equalTo("2026-01-02")).count(),
                "the other day is untouched");
        String day = "delta/history/snapshot_date=2026-01-01/";
        assertTrue(S3Http.list(BUCKET, day).contains(day + "_SUCCESS"));
        JsonNode manifest = DayObjects.json(BUCKET, day + "_manifest.json");
        assertEquals(5, manifest.get("rows").get("written").asLong(), manifest.toString());
        assertEquals("delta", manifest.get("format").get("name").asText());
        DayObjects.assertAllEncrypted(BUCKET, "delta/history/");
    }
}
