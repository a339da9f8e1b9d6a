package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema drift between days on Parquet (typed) and JSON Lines (text) days: added, removed and
 * retyped columns reported, the rest compared; a key column whose type or name changed refused.
 */
class DiffSchemaTest {
    private static final String BUCKET = "test-bucket";
    private static final String D1 = "2026-05-01";
    private static final String D2 = "2026-05-02";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path parquet;
    private static Path json;
    private static Path delta;

    @BeforeAll
    static void exportTwoDaysWithSchemaChangesBetween() throws IOException {
        TestDatabase db = TestDatabase.create("diff_schema");
        db.execute("CREATE TABLE drift (id int PRIMARY KEY, a text, b int, c text)",
                "INSERT INTO drift VALUES (1, 'one', 10, 'gone'), (2, 'two', 20, 'gone'), (3, 'three', NULL, 'gone')",
                "CREATE TABLE retyped (id int PRIMARY KEY, v text)",
                "INSERT INTO retyped VALUES (1, 'x'), (2, 'y')",
                "CREATE TABLE renamed (id int PRIMARY KEY, v text)",
                "INSERT INTO renamed VALUES (1, 'x')",
                "CREATE TABLE events (id bigint PRIMARY KEY, kind text, amount numeric(8,2), seen timestamptz, "
                        + "total numeric(30,2))",
                "INSERT INTO events VALUES (1, 'open', 1.50, '2026-05-01 08:00:00+00', 12345678901234567.12), "
                        + "(2, 'shut', NULL, NULL, 1)",
                "CREATE TABLE ledger (id int PRIMARY KEY, amount numeric(10,2))",
                "INSERT INTO ledger SELECT g, g FROM generate_series(1, 5) g");
        Path dir = Files.createTempDirectory("diff-schema-test");
        parquet = TestConfig.write(dir, "parquet.conf", TestConfig.base(db, BUCKET, "diff-parquet"),
                "snapshot-sync.target.format = parquet",
                "snapshot-sync.tables { drift {}, retyped {}, renamed {} }");
        json = TestConfig.write(dir, "json.conf", TestConfig.base(db, BUCKET, "diff-json"),
                "snapshot-sync.target.format = json",
                "snapshot-sync.tables { events {} }");
        delta = TestConfig.write(dir, "delta.conf", TestConfig.base(db, BUCKET, "diff-delta"),
                "snapshot-sync.target.format = delta",
                "snapshot-sync.tables { ledger {} }");
        export(parquet, D1);
        export(json, D1);
        export(delta, D1);
        db.execute("ALTER TABLE drift DROP COLUMN c", "ALTER TABLE drift ADD COLUMN d text DEFAULT 'new'",
                "ALTER TABLE drift ALTER COLUMN b TYPE bigint", "UPDATE drift SET a = 'TWO' WHERE id = 2",
                "UPDATE drift SET b = 30 WHERE id = 3",
                "ALTER TABLE retyped ALTER COLUMN id TYPE bigint",
                "ALTER TABLE renamed RENAME COLUMN id TO renamed_id",
                "UPDATE events SET amount = 2.00, seen = '2026-05-02 09:30:00.5+00' WHERE id = 2",
                "UPDATE events SET total = 12345678901234567.13 WHERE id = 1",
                "INSERT INTO events VALUES (3, 'open', 0.10, '2026-05-02 10:00:00+00', 0)",
                "UPDATE ledger SET amount = 20 WHERE id = 2", "DELETE FROM ledger WHERE id = 5",
                "INSERT INTO ledger VALUES (6, 6)");
        export(parquet, D2);
        export(json, D2);
        export(delta, D2);
    }

    private static void export(Path config, String day) {
        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", day);
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static Cli.Result diff(Path config, String table) {
        return Cli.run("diff", "--config", config.toString(), "--table", table, "--from", D1, "--to", D2);
    }

    @Test
    void addedRemovedAndRetypedColumnsAreReportedAndTheRestCompared() throws IOException {
        Cli.Result result = diff(parquet, "drift");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("rows: 3 -> 3: 0 added, 0 removed, 2 changed, 1 unchanged"), result.toString());
        assertTrue(result.out().contains("changed values by column: a 1, b 1"), result.toString());
        assertTrue(result.out().contains("columns added: d; removed: c; type changed: b (int -> bigint)"),
                result.toString());
        String prefix = "diff-parquet/drift/_diffs/from=" + D1 + "/to=" + D2 + "/";
        JsonNode columns = JSON.readTree(S3Http.get(BUCKET, prefix + "_summary.json")).path("columns");
        assertEquals(JSON.readTree("""
                {"added": ["d"], "removed": ["c"], "typeChanged": [{"column": "b", "from": "int", "to": "bigint"}]}
                """), columns);
        assertEquals(List.of("2 changed [a] old=[2, two, 20, gone] new=[2, TWO, 20, new]",
                        "3 changed [b] old=[3, three, null, gone] new=[3, three, 30, new]"),
                changedRows("s3a://" + BUCKET + "/" + prefix));
    }

    @Test
    void aKeyColumnWhoseTypeChangedIsRefused() {
        Cli.Result result = diff(parquet, "retyped");

        assertEquals(5, result.exitCode(), result.toString());
        assertTrue(result.err().contains("diff: key columns differ between the days of table 'retyped': key column "
                + "'id' is int on " + D1 + " and bigint on " + D2 + ". Allowed: days whose key columns have the same "
                + "names and types."), result.toString());
    }

    @Test
    void aKeyColumnMissingOnOneDayIsRefused() {
        Cli.Result result = diff(parquet, "renamed");

        assertEquals(5, result.exitCode(), result.toString());
        assertTrue(result.err().contains("diff: key columns differ between the days of table 'renamed': 's3a://"
                + BUCKET + "/diff-parquet/renamed/snapshot_date=" + D1 + "/_manifest.json' records the key [id] and "
                + "'s3a://" + BUCKET + "/diff-parquet/renamed/snapshot_date=" + D2 + "/_manifest.json' records "
                + "[renamed_id]. Allowed: days whose key columns have the same names and types."), result.toString());
    }

    @Test
    void jsonLinesDaysAreComparedWithExactNumbersInTheirWrittenOrder() {
        Cli.Result result = diff(json, "events");

        assertEquals(0, result.exitCode(), result.toString());
        // The export recorded the source's primary key in each day's manifest.
        assertTrue(result.out().contains("by key id (from manifest)"), result.toString());
        assertTrue(result.out().contains("rows: 2 -> 3: 1 added, 0 removed, 2 changed, 0 unchanged"), result.toString());
        assertTrue(result.out().contains("changed values by column: amount 1, seen 1, total 1"), result.toString());
        assertTrue(result.out().contains("columns added: none; removed: none; type changed: none"), result.toString());
        assertEquals(List.of("1 changed [total] old=[1, open, 1.50, 2026-05-01T08:00:00.000000Z, 12345678901234567.12] "
                        + "new=[1, open, 1.50, 2026-05-01T08:00:00.000000Z, 12345678901234567.13]",
                        "2 changed [amount, seen] old=[2, shut, null, null, 1.00] "
                        + "new=[2, shut, 2.00, 2026-05-02T09:30:00.500000Z, 1.00]",
                        "3 added null old=null new=[3, open, 0.10, 2026-05-02T10:00:00.000000Z, 0.00]"),
                changedRows("s3a://" + BUCKET + "/diff-json/events/_diffs/from=" + D1 + "/to=" + D2 + "/"));
    }

    @Test
    void deltaDaysAreComparedFromTheOneDeltaTable() {
        Cli.Result result = diff(delta, "ledger");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("rows: 5 -> 5: 1 added, 1 removed, 1 changed, 3 unchanged"), result.toString());
        assertTrue(result.out().contains("changed values by column: amount 1"), result.toString());
        assertEquals(List.of("2 changed [amount] old=[2, 2.00] new=[2, 20.00]", "5 removed null old=[5, 5.00] new=null",
                        "6 added null old=null new=[6, 6.00]"),
                changedRows("s3a://" + BUCKET + "/diff-delta/ledger/_diffs/from=" + D1 + "/to=" + D2 + "/"));
    }

    private static List<String> changedRows(String path) {
        List<Row> rows = new ArrayList<>(TestSpark.session().read().parquet(path).collectAsList());
        rows.sort(Comparator.comparing(r -> Long.parseLong(String.valueOf(r.getStruct(0).get(0)))));
        return rows.stream().map(DiffTest::render).toList();
    }
}
