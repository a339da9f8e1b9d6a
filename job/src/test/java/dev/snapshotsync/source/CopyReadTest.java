package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.ReadProtocol;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.Outputs;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's COPY lever: reading through binary COPY gives exactly the rows and types Spark's JDBC
 * source gives, for every mapped type (with edge values, NULLs and a few thousand generated rows),
 * read whole or in partitions; and the JDBC protocol stays selectable.
 */
class CopyReadTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("copy_read");
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                """
                CREATE TABLE wide (id bigint PRIMARY KEY, c_smallint smallint, c_integer integer, c_real real,
                  c_double double precision, c_numeric numeric, c_n12_2 numeric(12,2), c_n18_6 numeric(18,6),
                  c_n20_10 numeric(20,10), c_n38_0 numeric(38,0), c_n5_5 numeric(5,5), c_money money,
                  c_boolean boolean, c_text text, c_varchar varchar(30), c_char char(4), c_name name,
                  c_date date, c_timestamp timestamp, c_timestamptz timestamptz, c_time time, c_timetz timetz,
                  c_interval interval, c_uuid uuid, c_json json, c_jsonb jsonb, c_bytea bytea, c_inet inet,
                  c_cidr cidr, c_macaddr macaddr, c_enum mood, c_text_array text[], c_varchar_array varchar[],
                  c_smallint_array smallint[], c_int_array integer[], c_bigint_array bigint[],
                  c_date_array date[], c_xml xml)""",
                // Generated rows: every column varies, every tenth value is NULL, signs alternate.
                """
                INSERT INTO wide SELECT g,
                  CASE WHEN g % 10 = 1 THEN NULL ELSE ((g * 7919) % 65536 - 32768)::smallint END,
                  CASE WHEN g % 10 = 2 THEN NULL ELSE (g * 104729) % 2147483647 * (1 - 2 * (g % 2)) END,
                  CASE WHEN g % 10 = 3 THEN NULL ELSE (g / 7.0)::real END,
                  CASE WHEN g % 10 = 4 THEN NULL ELSE g * -1.0000001e-3 END,
                  CASE WHEN g % 10 = 5 THEN NULL ELSE (g::numeric * 1.000000001) ^ 3 END,
                  CASE WHEN g % 10 = 6 THEN NULL ELSE round((g * 37.77 - 50000)::numeric, 2) END,
                  (g * 1234.567891 * (1 - 2 * (g % 2)))::numeric(18,6),
                  (g / 3.0)::numeric(20,10),
                  (g::numeric ^ 9)::numeric(38,0) * (1 - 2 * (g % 2)),
                  ((g % 99999) / 100000.0)::numeric(5,5),
                  (g * 12.34)::numeric::money,
                  CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END,
                  CASE WHEN g % 10 = 7 THEN NULL ELSE repeat(chr(65 + g % 26), g % 40) || E'\\n,"☃' END,
                  'v' || g, 'c' || (g % 100), 'name' || g,
                  DATE '2000-01-01' + (g * 37 % 40000 - 20000),
                  TIMESTAMP '2000-01-01' + g * INTERVAL '37 minutes 13.000127 seconds',
                  TIMESTAMPTZ '1999-12-31 23:00:00+00' - g * INTERVAL '1 day 1.000001 seconds',
                  TIME '00:00:00' + g * INTERVAL '1.5 seconds',
                  TIMETZ '12:00:00+02',
                  g * INTERVAL '1 month 1 day 1.5 seconds' * (1 - 2 * (g % 2)),
                  md5(g::text)::uuid,
                  json_build_object('g', g, 's', 'x"y'),
                  jsonb_build_object('g', g, 'a', jsonb_build_array(g, NULL, 'z')),
                  decode(md5(g::text), 'hex'),
                  ('10.' || g % 256 || '.0.1')::inet,
                  ('10.' || g % 256 || '.0.0/16')::cidr,
                  ('08:00:2b:01:02:' || lpad(to_hex(g % 256), 2, '0'))::macaddr,
                  (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood,
                  ARRAY['a' || g, NULL, '', 'q"' || g],
                  ARRAY['v' || g]::varchar[],
                  ARRAY[g % 32767, -1]::smallint[],
                  CASE WHEN g % 10 = 8 THEN NULL ELSE ARRAY[g::int, NULL, -g::int] END,
                  ARRAY[g * 1000000000000, -g],
                  ARRAY[DATE '2026-01-01' + g % 30],
                  ('<a g="' || g || '"/>')::xml
                FROM generate_series(1, 3000) AS g""",
                // Edge values: extremes, empty strings and arrays, special floats, an all-NULL row.
                """
                INSERT INTO wide (id, c_smallint, c_integer, c_real, c_double, c_numeric, c_n12_2, c_n18_6, c_n20_10,
                  c_n38_0, c_n5_5, c_money, c_text, c_date, c_timestamp, c_timestamptz, c_text_array, c_int_array,
                  c_bytea)
                VALUES (-1, -32768, -2147483648, 'NaN', '-Infinity', 'NaN', -9999999999.99, -999999999999.999999,
                  -9999999999.9999999999, -99999999999999999999999999999999999999, -0.99999,
                  '-92233720368547758.08', '', '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '{}',
                  '{}', ''),
                  (-2, 32767, 2147483647, 'Infinity', 'NaN', 'Infinity', 0, 0.000001, 0.0000000001,
                  99999999999999999999999999999999999999, 0.00001, '92233720368547758.07', 'x',
                  '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00', '{NULL}', '{NULL}',
                  '\\x00ff'),
                  (-3, 0, 0, 0, -0.0, '-Infinity', -0.01, -0.000001, 1e9, 0, 0, 0, NULL, '1582-10-04',
                  '1582-10-15 12:00:00', '1000-03-01 12:00:00+00', NULL, NULL, NULL),
                  (-4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  NULL, NULL, NULL)""",
                "ANALYZE wide");
    }

    @Test
    void copyGivesTheRowsAndTypesOfSparksJdbcSourceWholeAndInPartitions() throws Exception {
        Settings settings = Outputs.settings(TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "copy"),
                "snapshot-sync.tables { wide {} }"));
        TableName table = TableName.of("public", "wide");
        PgConnections connections = PgConnections.resolve(settings.source(),
                TestSpark.session().sparkContext().hadoopConfiguration());
        List<SourceColumn> columns;
        try (Connection connection = connections.open()) {
            columns = ColumnPlanner.plan("wide", table.toString(), settings.tables().get(0).contract(),
                    new CatalogReader(connection).columns(table)).readColumns();
        }
        String key = PartitionPlan.KEY_ALIAS;
        PartitionPlan partitions = new PartitionPlan(PartitionPlan.Strategy.RANGE, "id", List.of(key + " < 0 OR " + key + " IS NULL",
                key + " >= 0 AND " + key + " < 1000", key + " >= 1000 AND " + key + " < 1700",
                key + " >= 1700 AND " + key + " < 2900", key + " >= 2900"), List.of("0", "1000", "1700", "2900"),
                3004, "test");

        for (PartitionPlan plan : List.of(PartitionPlan.single(3004), partitions)) {
            Dataset<Row> copy = new TableReader(TestSpark.session(), connections, ReadProtocol.COPY)
                    .read(new Relation.NamedTable(table), columns, plan, Optional.empty());
            Dataset<Row> jdbc = new TableReader(TestSpark.session(), connections, ReadProtocol.JDBC)
                    .read(new Relation.NamedTable(table), columns, plan, Optional.empty());

            assertEquals(fields(jdbc), fields(copy), plan.describe());
            assertEquals(3004, copy.count(), plan.describe());
            assertEquals(List.of(), rowsOnlyIn(copy, jdbc), "rows only COPY read, " + plan.describe());
            assertEquals(List.of(), rowsOnlyIn(jdbc, copy), "rows only JDBC read, " + plan.describe());
        }
        assertEquals(38, columns.size(), "every column of the table was compared");
    }

    @Test
    void aTableExportsTheSameThroughEitherProtocol() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "protocols"),
                "snapshot-sync.tables { wide { partition.count = 3 } }");
        int registered = CopySource.registeredReads();
        for (String protocol : List.of("copy", "jdbc")) {
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-0"
                    + (protocol.equals("copy") ? 1 : 2), "--set", "target.format=parquet",
                    "--set", "source.read-protocol=" + protocol);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("3004 rows"), result.toString());
            // The driver keeps no per-run state: the read's registration (and its password) is gone.
            assertEquals(registered, CopySource.registeredReads(), protocol);
        }
        // Row by row, not only the counts: both protocols give the same values and the same types.
        Dataset<Row> copy = day("2026-05-01");
        Dataset<Row> jdbc = day("2026-05-02");
        assertEquals(3004, copy.count());
        assertEquals(fields(jdbc), fields(copy));
        assertEquals(List.of(), rowsOnlyIn(copy, jdbc), "rows only in the COPY export");
        assertEquals(List.of(), rowsOnlyIn(jdbc, copy), "rows only in the JDBC export");
    }

    private static Dataset<Row> day(String date) {
        return TestSpark.session().read().parquet("s3a://" + BUCKET + "/protocols/wide/snapshot_date=" + date);
    }

    /** Rows (as text, so that NaN equals NaN) of {@code a} that {@code b} lacks, counting duplicates. */
    private static List<String> rowsOnlyIn(Dataset<Row> a, Dataset<Row> b) {
        List<String> only = new ArrayList<>();
        for (Row row : text(a).exceptAll(text(b)).limit(5).collectAsList()) {
            only.add(row.mkString("|"));
        }
        return only;
    }

    /** Name, type and nullability of each column (Spark's JDBC source adds field metadata of its own). */
    private static List<String> fields(Dataset<Row> rows) {
        List<String> fields = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            fields.add(field.name() + " " + field.dataType().catalogString() + (field.nullable() ? "" : " NOT NULL"));
        }
        return fields;
    }

    private static Dataset<Row> text(Dataset<Row> rows) {
        return rows.selectExpr("to_json(struct(*)) AS row");
    }
}
