package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.job.export.ExportJob;
import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.shape.Shaper;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.TableReader;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.OutputCheck;
import dev.snapshotsync.testing.Outputs;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 "Types" (acceptance 6) and issue 4's type mapping: every listed PostgreSQL type, with
 * edge values, reads into its documented Spark type and reaches CSV, JSON Lines and Parquet as
 * documented (README, "Type mapping").
 */
class TypeRoundTripTest {
    private static final String BUCKET = "test-bucket";
    private static final String BIG = "123456789012345678901234567890123456789012345";
    private static TestDatabase db;

    /** Column, documented Spark type, pyarrow type in Parquet, then the value of rows 1..5 as Spark text. */
    private static final List<List<String>> EXPECTED = List.of(
            row("c_smallint", "smallint", "int16", "-32768", "32767", null, null, null),
            row("c_integer", "int", "int32", "-2147483648", "2147483647", null, null, null),
            row("c_bigint", "bigint", "int64", "-9223372036854775808", "9223372036854775807", null, null, null),
            row("c_numeric", "string", "string", "-" + BIG + ".123456789012345",
                    "0.000000000000000000000000000000000000000000001", null, "NaN", "Infinity"),
            row("c_numeric_12_2", "decimal(12,2)", "decimal128(12, 2)", "-9999999999.99", "9999999999.99", null,
                    "0.00", null),
            row("c_numeric_38", "decimal(38,0)", "decimal128(38, 0)", "-" + "9".repeat(38), "9".repeat(38), null,
                    null, null),
            row("c_numeric_50", "string", "string", "-" + BIG + ".12345", BIG + ".12345", null, "NaN", null),
            row("c_real", "float", "float", "-3.4028235E38", "3.4028235E38", null, "NaN", "Infinity"),
            row("c_double", "double", "double", "-1.7976931348623157E308", "1.7976931348623157E308", null, "NaN",
                    "-Infinity"),
            row("c_money", "decimal(19,2)", "decimal128(19, 2)", "-92233720368547758.08", "92233720368547758.07",
                    null, null, null),
            row("c_boolean", "boolean", "bool", "false", "true", null, null, null),
            row("c_text", "string", "string", "", "text ☃ \"q\"", null, null, null),
            row("c_varchar", "string", "string", "", "varchar", null, null, null),
            row("c_char", "string", "string", "a    ", "abcde", null, null, null),
            row("c_date", "date", "date32[day]", "0001-01-01", "9999-12-31", null, null, null),
            row("c_timestamp", "timestamp_ntz", "timestamp[us]", "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999",
                    null, "2026-01-15 10:00:00.123456", null),
            row("c_timestamptz", "timestamp", "timestamp[us, tz=UTC]", "0001-01-01 00:00:00",
                    "9999-12-31 23:59:59.999999", null, "2026-01-15 08:00:00.123456", null),
            row("c_time", "string", "string", "00:00:00", "23:59:59.999999", null, null, null),
            row("c_interval", "string", "string", "P-1Y-2M-3DT-4H-5M-6.5S", "P1Y2M3DT4H5M6.5S", null, "PT0S", null),
            row("c_uuid", "string", "string", "00000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", null, null, null),
            row("c_json", "string", "string", "{\"a\": [1, 2,\n {\"b\": null}]}", "\"just a string\"", null, null, null),
            row("c_jsonb", "string", "string", "{}", "{\"k\": \"v\\\"q\\n\", \"n\": [1.5, null, true], \"u\": \"☃\"}",
                    null, "null", null),
            row("c_bytea", "binary", "binary", "00", "DEADBEEF00FF", null, null, null),
            row("c_inet", "string", "string", "0.0.0.0", "2001:db8::1/64", null, null, null),
            row("c_enum", "string", "string", "sad", "happy", null, null, null),
            row("c_text_array", "array<string>", "list<element: string>", "[]",
                    "[\"a,b\",\"\\\"q\\\"\",null,\"line\\nbreak\"]", null, null, null),
            row("c_int_array", "array<int>", "list<element: int32>", "[]", "[1,null,-2147483648]", null, null, null));

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("type_round_trip");
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                """
                CREATE TABLE all_types (id int PRIMARY KEY,
                  c_smallint smallint, c_integer integer, c_bigint bigint, c_numeric numeric,
                  c_numeric_12_2 numeric(12,2), c_numeric_38 numeric(38,0), c_numeric_50 numeric(50,5),
                  c_real real, c_double double precision, c_money money, c_boolean boolean,
                  c_text text, c_varchar varchar(20), c_char char(5), c_date date, c_timestamp timestamp,
                  c_timestamptz timestamptz, c_time time, c_interval interval, c_uuid uuid, c_json json,
                  c_jsonb jsonb, c_bytea bytea, c_inet inet, c_enum mood, c_text_array text[], c_int_array integer[])""",
                "INSERT INTO all_types VALUES (1, -32768, -2147483648, -9223372036854775808, '-" + BIG
                        + ".123456789012345', -9999999999.99, -" + "9".repeat(38) + ", '-" + BIG + ".12345', "
                        + "'-3.4028235e38', '-1.7976931348623157e308', '-92233720368547758.08', false, '', '', 'a', "
                        + "'0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '00:00:00', "
                        + "'-1 year -2 mons -3 days -04:05:06.5', '00000000-0000-0000-0000-000000000000', "
                        + "E'{\"a\": [1, 2,\\n {\"b\": null}]}', '{}', '\\x00', '0.0.0.0', 'sad', '{}', '{}')",
                "INSERT INTO all_types VALUES (2, 32767, 2147483647, 9223372036854775807, "
                        + "'0.000000000000000000000000000000000000000000001', 9999999999.99, " + "9".repeat(38) + ", '"
                        + BIG + ".12345', '3.4028235e38', '1.7976931348623157e308', '92233720368547758.07', true, "
                        + "'text ☃ \"q\"', 'varchar', 'abcde', '9999-12-31', '9999-12-31 23:59:59.999999', "
                        + "'9999-12-31 23:59:59.999999+00', '23:59:59.999999', '1 year 2 mons 3 days 04:05:06.5', "
                        + "'ffffffff-ffff-ffff-ffff-ffffffffffff', '\"just a string\"', "
                        + "'{\"u\": \"☃\", \"n\": [1.5, null, true], \"k\": \"v\\\"q\\n\"}', '\\xdeadbeef00ff', "
                        + "'2001:db8::1/64', 'happy', ARRAY['a,b', '\"q\"', NULL, E'line\\nbreak'], "
                        + "ARRAY[1, NULL, -2147483648])",
                "INSERT INTO all_types (id) VALUES (3)",
                "INSERT INTO all_types (id, c_numeric, c_numeric_12_2, c_numeric_50, c_real, c_double, c_timestamp, "
                        + "c_timestamptz, c_interval, c_jsonb) VALUES (4, 'NaN', 0, 'NaN', 'NaN', 'NaN', "
                        + "'2026-01-15 10:00:00.123456', '2026-01-15 10:00:00.123456+02', '0', 'null')",
                "INSERT INTO all_types (id, c_numeric, c_real, c_double) VALUES (5, 'Infinity', 'Infinity', "
                        + "'-Infinity')",
                "CREATE TABLE nan_decimal (id int, amount numeric(12,2))",
                "INSERT INTO nan_decimal VALUES (1, 1.5), (2, 'NaN')");
    }

    @Test
    void everyTypeReadsIntoItsDocumentedSparkTypeWithEdgeValuesIntact() throws Exception {
        Settings settings = Outputs.settings(TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "types"),
                "snapshot-sync.tables { all_types {} }"));
        TableName table = TableName.of("public", "all_types");
        ColumnPlan plan;
        PgConnections connections = PgConnections.resolve(settings.source(),
                TestSpark.session().sparkContext().hadoopConfiguration());
        try (Connection connection = connections.open()) {
            plan = ColumnPlanner.plan("all_types", table.toString(), settings.tables().get(0).contract(),
                    new CatalogReader(connection).columns(table));
        }
        // The reader's COPY registrations end with it, as in an export (ManyTablesTest counts them).
        try (TableReader reader = new TableReader(TestSpark.session(), connections)) {
            assertReadsBack(reader.read(new Relation.NamedTable(table), plan.readColumns(), PartitionPlan.single(0),
                    Optional.empty()), plan);
        }
    }

    private static void assertReadsBack(Dataset<Row> read, ColumnPlan plan) {
        Dataset<Row> shaped = new Shaper(OutputFormat.PARQUET).shape(read, plan).rows().orderBy("id");

        List<String> types = new ArrayList<>();
        List<Column> asText = new ArrayList<>();
        for (StructField field : shaped.schema().fields()) {
            types.add(field.name() + " " + field.dataType().catalogString());
            Column value = functions.col(field.name());
            asText.add(field.dataType() instanceof BinaryType ? functions.hex(value)
                    : field.dataType() instanceof ArrayType ? functions.to_json(value) : value.cast("string"));
        }
        List<String> expectedTypes = new ArrayList<>(List.of("id int"));
        EXPECTED.forEach(column -> expectedTypes.add(column.get(0) + " " + column.get(1)));
        assertEquals(expectedTypes, types);
        List<Row> rows = shaped.select(asText.toArray(Column[]::new)).collectAsList();
        for (int c = 0; c < EXPECTED.size(); c++) {
            List<String> actual = new ArrayList<>();
            for (Row row : rows) {
                actual.add(row.getString(c + 1));
            }
            assertEquals(EXPECTED.get(c).subList(3, 8), actual, EXPECTED.get(c).get(0));
        }
    }

    @Test
    void everyFormatHoldsTheDocumentedRenderingAndPassesTheStrictReaders() {
        List<String> columns = new ArrayList<>(List.of("id"));
        Map<String, String> arrowTypes = new LinkedHashMap<>(Map.of("id", "int32"));
        EXPECTED.forEach(column -> {
            columns.add(column.get(0));
            arrowTypes.put(column.get(0), column.get(2));
        });
        Map<String, Outputs.Table> tables = new LinkedHashMap<>();
        List<String> jsonLines = new ArrayList<>();
        for (String format : List.of("csv", "json", "parquet")) {
            Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "types-" + format),
                    "snapshot-sync.target.format = " + format, "snapshot-sync.tables { all_types {} }");
            new ExportJob(TestSpark.session(), Outputs.settings(config), Clock.systemUTC())
                    .run(LocalDate.of(2026, 4, 2), List.of());
            Path formatDir = dir.resolve(format);
            formatDir.toFile().mkdirs();
            List<Path> files = OutputCheck.download(BUCKET, "types-" + format + "/all_types/snapshot_date=2026-04-02/",
                    formatDir);
            OutputCheck.run(format, 5, columns, format.equals("parquet") ? arrowTypes : Map.of(), files);
            if (!format.equals("parquet")) {
                tables.put(format, format.equals("csv") ? Outputs.csv(files) : Outputs.json(files));
            }
            if (format.equals("json")) {
                files.forEach(f -> jsonLines.add(Outputs.text(f)));
            }
        }
        Map<String, List<Object>> csv = byColumn(tables.get("csv"));
        assertEquals(Arrays.asList("0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z", null,
                "2026-01-15T08:00:00.123456Z", null), csv.get("c_timestamptz"));
        assertEquals(Arrays.asList("0001-01-01T00:00:00.000000", "9999-12-31T23:59:59.999999", null,
                "2026-01-15T10:00:00.123456", null), csv.get("c_timestamp"));
        assertEquals(Arrays.asList("-1.7976931348623157E308", "1.7976931348623157E308", null, "NaN", "-Infinity"),
                csv.get("c_double"));
        assertEquals(Arrays.asList("AA==", "3q2+7wD/", null, null, null), csv.get("c_bytea"));
        assertEquals(Arrays.asList("[]", "[\"a,b\",\"\\\"q\\\"\",null,\"line\\nbreak\"]", null, null, null),
                csv.get("c_text_array"));
        Map<String, List<Object>> json = byColumn(tables.get("json"));
        JsonNode jsonb = (JsonNode) json.get("c_jsonb").get(1);
        assertTrue(jsonb.isObject() && jsonb.get("n").isArray() && jsonb.get("k").textValue().equals("v\"q\n"),
                jsonb.toString());
        assertTrue(((JsonNode) json.get("c_json").get(0)).get("a").isArray(), json.get("c_json").toString());
        assertEquals("null", json.get("c_jsonb").get(3).toString());
        String lines = String.join("\n", jsonLines);
        for (String member : List.of("\"c_real\":-3.4028235E38", "\"c_real\":\"NaN\"", "\"c_real\":\"Infinity\"",
                "\"c_double\":-1.7976931348623157E308", "\"c_double\":\"NaN\"", "\"c_double\":\"-Infinity\"",
                "\"c_timestamptz\":\"2026-01-15T08:00:00.123456Z\"", "\"c_bytea\":\"3q2+7wD/\"",
                "\"c_int_array\":[1,null,-2147483648]", "\"c_numeric_12_2\":9999999999.99",
                "\"c_numeric_38\":-" + "9".repeat(38) + ",", "\"c_money\":92233720368547758.07",
                "\"c_numeric\":\"-" + BIG + ".123456789012345\"", "\"c_date\":\"0001-01-01\"",
                "\"c_interval\":\"P-1Y-2M-3DT-4H-5M-6.5S\"", "\"c_text_array\":[\"a,b\",\"\\\"q\\\"\",null,")) {
            assertTrue(lines.contains(member), member + " not in\n" + lines);
        }
    }

    @Test
    void constrainedNumericHoldingNaNFailsTheRunNamingTheTable() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "nan-decimal"),
                "snapshot-sync.tables { nan_decimal {} }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-03");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("reading table public.nan_decimal"), result.toString());
        assertTrue(result.err().contains("SQL state 22003: table public.nan_decimal, column 'amount' holds NaN, "
                + "which decimal(12,2) cannot represent. Exclude the column"), result.toString());
        assertTrue(S3Http.list(BUCKET, "nan-decimal/nan_decimal/").isEmpty(), "published despite the failure");
    }

    private static Map<String, List<Object>> byColumn(Outputs.Table table) {
        List<List<Object>> rows = new ArrayList<>(table.rows());
        rows.sort((a, b) -> Integer.compare(id(a.get(0)), id(b.get(0))));
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (int c = 0; c < table.columns().size(); c++) {
            List<Object> values = new ArrayList<>();
            for (List<Object> row : rows) {
                values.add(row.get(c));
            }
            columns.put(table.columns().get(c), values);
        }
        return columns;
    }

    private static int id(Object value) {
        return value instanceof JsonNode node ? node.intValue() : Integer.parseInt((String) value);
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }
}
