package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.SourceRows;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 "names that collide with the layout" and issue 19 point 2 "Delta with any PostgreSQL
 * column name", through the CLI: a column named {@code snapshot_date} (any case) or a table with
 * no column to export is refused by {@code validate}, {@code preflight} and {@code export} (exit 2,
 * naming the table, the column and the contract key) before anything is written; Delta takes any
 * name PostgreSQL allows, with column mapping on only where a name needs it.
 */
class LayoutNamesTest {
    private static final String BUCKET = "test-bucket-4";
    /** Names Delta refuses without column mapping (its ' ,;{}()=' set), with other hostile ones. */
    private static final List<String> DELTA_NAMES = List.of("Order ID", "comma,semi;", "a=b", "(paren)", "{brace}",
            "qu\"ote", "dot.ted", "日本");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("layout_names");
        StringBuilder hostile = new StringBuilder("CREATE TABLE \"Order Items\" (id int PRIMARY KEY");
        StringBuilder values = new StringBuilder("INSERT INTO \"Order Items\" VALUES (1");
        for (String name : DELTA_NAMES) {
            hostile.append(", \"").append(name.replace("\"", "\"\"")).append("\" text");
            values.append(", '").append(name).append(" value'");
        }
        db.execute("CREATE TABLE dated (id int PRIMARY KEY, \"Snapshot_Date\" date, note text)",
                "INSERT INTO dated VALUES (1, '2020-01-01', 'one')",
                "CREATE TABLE no_columns ()",
                "CREATE TABLE plain (id int PRIMARY KEY, note text)",
                "INSERT INTO plain VALUES (1, 'one')",
                hostile + ")", values + "), (2" + ", NULL".repeat(DELTA_NAMES.size()) + ")");
    }

    private Path config(String prefix, String tables, String... extra) {
        String[] parts = new String[extra.length + 2];
        parts[0] = TestConfig.base(db, BUCKET, prefix);
        parts[1] = "snapshot-sync.tables { " + tables + " }";
        System.arraycopy(extra, 0, parts, 2, extra.length);
        return TestConfig.write(dir, "job.conf", parts);
    }

    @Test
    void aColumnNamedLikeTheDayFoldersIsRefusedBeforeAnythingIsWritten() {
        Path config = config("dated", "dated {}, no_columns {}", "snapshot-sync.target.format = delta");

        for (String command : List.of("validate", "preflight", "export")) {
            Cli.Result result = command.equals("export")
                    ? Cli.run(command, "--config", config.toString(), "--date", "2026-05-04")
                    : Cli.run(command, "--config", config.toString());

            assertEquals(2, result.exitCode(), command + ": " + result);
            assertTrue(result.err().contains("table 'dated': output column 'Snapshot_Date' for "
                    + "'snapshot-sync.tables.dated.columns' collides with the day folders' partition key snapshot_date. "
                    + "Allowed: any other name. Rename it in the contract: { name = \"Snapshot_Date\", output = "
                    + "\"source_snapshot_date\" }."), command + ": " + result);
            assertTrue(result.err().contains("table 'no_columns': no column to export from public.no_columns for "
                    + "'snapshot-sync.tables.no_columns.columns'"), command + ": " + result);
        }
        assertTrue(S3Http.list(BUCKET, "dated/dated/").isEmpty(), S3Http.list(BUCKET, "dated/").toString());
        DayObjects.assertNothingPublished(BUCKET, "dated/");
    }

    @Test
    void theRenameTheMessageGivesIsAccepted() {
        Path config = config("dated-renamed", "dated { columns = [id, { name = \"Snapshot_Date\", output = "
                + "\"source_snapshot_date\" }, note] }");

        Cli.Result result = Cli.run("validate", "--config", config.toString());

        assertEquals(0, result.exitCode(), result.toString());
    }

    @Test
    void deltaHoldsAnyColumnNameWithColumnMappingOnlyWhereNeeded() throws Exception {
        Path config = config("delta-names", "orders { table = \"Order Items\" }, plain {}",
                "snapshot-sync.target.format = delta");
        String sql = "SELECT * FROM \"Order Items\" ORDER BY id";

        for (int run = 0; run < 2; run++) {
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-04");

            assertEquals(0, result.exitCode(), "run " + run + ": " + result);
            var table = TestSpark.session().read().format("delta").load("s3a://" + BUCKET + "/delta-names/orders");
            List<String> columns = List.of(table.drop("snapshot_date").columns());
            assertEquals("id", columns.get(0));
            assertEquals(DELTA_NAMES, columns.subList(1, columns.size()));
            List<Row> rows = table.where(functions.col("snapshot_date").equalTo("2026-05-04")).drop("snapshot_date")
                    .orderBy("id").collectAsList();
            assertEquals(SourceRows.query(db, sql), SourceRows.spark(rows), "run " + run);
        }
        assertTrue(firstCommit("orders").contains("\"delta.columnMapping.mode\":\"name\""), firstCommit("orders"));
        assertFalse(firstCommit("plain").contains("columnMapping"), firstCommit("plain"));
        DayObjects.assertAllEncrypted(BUCKET, "delta-names/orders/");
    }

    private static String firstCommit(String table) {
        return new String(S3Http.get(BUCKET, "delta-names/" + table + "/_delta_log/00000000000000000000.json"),
                StandardCharsets.UTF_8);
    }
}
