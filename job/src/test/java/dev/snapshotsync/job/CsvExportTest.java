package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.SourceRows;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first vertical slice end to end: PostgreSQL over verified TLS to headered CSV in S3 with SSE-KMS. */
class CsvExportTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("csv_export");
        db.execute("""
                CREATE TABLE customers (
                  id bigint PRIMARY KEY, name text NOT NULL, note text, balance numeric(12,2),
                  active boolean, created timestamptz, born date)""",
                """
                INSERT INTO customers VALUES
                  (1, 'Ada, Countess', 'said "hello"', 12.50, true, '2026-01-15 10:00:00.123456+02', '1815-12-10'),
                  (2, 'Zoë Ångström', E'line one\\nline two', -0.01, false, '2026-01-15 00:00:00+00', '0001-01-01'),
                  (3, '日本語 テキスト', E'crlf\\r\\nin value', NULL, NULL, NULL, '9999-12-31'),
                  (4, '', '', 0, true, '1970-01-01 00:00:00+00', NULL),
                  (5, '   padded   ', NULL, 99999.99, false, '2038-01-19 03:14:07+00', '2000-02-29')""",
                """
                CREATE TABLE orders (
                  id integer PRIMARY KEY, customer_id bigint REFERENCES customers, amount numeric(12,2),
                  status varchar(16), ordered_on date)""",
                "INSERT INTO orders SELECT g, 1 + g % 5, g * 1.25, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'open' END,"
                        + " DATE '2026-01-01' + g FROM generate_series(1, 40) g",
                "CREATE SCHEMA \"Sales Data\"",
                "GRANT USAGE ON SCHEMA \"Sales Data\" TO " + db.reader(),
                "CREATE TABLE \"Sales Data\".\"Line \"\"Items\"\"\" (\"select\" int, \"Mixed Case\" text, \"qu\"\"ote;--\" text)",
                "INSERT INTO \"Sales Data\".\"Line \"\"Items\"\"\" VALUES (1, 'a', 'b'), (2, NULL, 'x,y')",
                "GRANT SELECT ON ALL TABLES IN SCHEMA \"Sales Data\" TO " + db.reader());
    }

    @Test
    void exportsEveryRowAsHeaderedCsvEncryptedWithTheConfiguredKey() throws Exception {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "slice"), """
                snapshot-sync.tables {
                  customers {}
                  orders {}
                  line_items { schema = "Sales Data", table = "Line \\"Items\\"" }
                }
                """);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-01-15");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("slice/customers/snapshot_date=2026-01-15"), result.toString());
        assertFalse(result.err().contains(db.readerPassword()), "password leaked: " + result);
        assertDayMatches("slice/customers/snapshot_date=2026-01-15/", "SELECT * FROM customers ORDER BY id");
        assertDayMatches("slice/orders/snapshot_date=2026-01-15/", "SELECT * FROM orders ORDER BY id");
        assertDayMatches("slice/line_items/snapshot_date=2026-01-15/",
                "SELECT * FROM \"Sales Data\".\"Line \"\"Items\"\"\" ORDER BY 1");
        assertTrue(S3Http.list(BUCKET, "slice/_staging/").isEmpty(), "staging left behind");
    }

    @Test
    void rerunningADayLeavesOnlyTheNewRunsFiles() throws Exception {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "rerun"),
                "snapshot-sync.tables { orders {} }");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-02-01").exitCode());
        S3Http.put(BUCKET, "rerun/orders/snapshot_date=2026-02-01/part-stale.csv", "stale".getBytes(StandardCharsets.UTF_8));

        Cli.Result again = Cli.run("export", "--config", config.toString(), "--date", "2026-02-01");

        assertEquals(0, again.exitCode(), again.toString());
        List<String> keys = S3Http.list(BUCKET, "rerun/orders/snapshot_date=2026-02-01/");
        assertFalse(keys.stream().anyMatch(k -> k.endsWith("part-stale.csv")), keys.toString());
        assertDayMatches("rerun/orders/snapshot_date=2026-02-01/", "SELECT * FROM orders ORDER BY id");
    }

    private static void assertDayMatches(String dayPrefix, String sourceQuery) throws SQLException {
        List<String> keys = S3Http.list(BUCKET, dayPrefix);
        assertTrue(keys.contains(dayPrefix + "_SUCCESS"), "no _SUCCESS in " + keys);
        assertTrue(keys.stream().anyMatch(k -> k.substring(dayPrefix.length()).startsWith("part-")),
                "no part files in " + keys);
        DayObjects.assertAllEncrypted(BUCKET, dayPrefix);
        List<String> expectedHeader = new ArrayList<>();
        List<List<String>> expected = sourceRows(sourceQuery, expectedHeader);
        CsvDay day = CsvDay.read(BUCKET, dayPrefix);
        assertEquals(expectedHeader, day.header(), dayPrefix);
        List<List<String>> actual = new ArrayList<>(day.rows());
        actual.sort((a, b) -> compareKeys(a.get(0), b.get(0)));
        assertEquals(expected, actual, dayPrefix);
    }

    private static int compareKeys(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    private static List<List<String>> sourceRows(String query, List<String> header) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = db.admin(); Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.add(meta.getColumnName(i));
            }
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(SourceRows.render(rs, i, meta.getColumnTypeName(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
