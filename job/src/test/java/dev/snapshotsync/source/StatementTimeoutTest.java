package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that outlives source.statement-timeout fails the run naming the table and the partition
 * bounds, with the hint to split it. The read is slow by itself (a column computed with a pause per
 * row), not waiting for a lock: a lock wait is reported as one (SourceLockTest).
 */
class StatementTimeoutTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("timeout");
        // IMMUTABLE, so planning and sampling (which never select the column) do not compute it.
        db.execute("CREATE TABLE numbers_rows (id int PRIMARY KEY)",
                "INSERT INTO numbers_rows SELECT g FROM generate_series(1, 4000) g", "ANALYZE numbers_rows",
                "CREATE FUNCTION slowly(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS "
                        + "'BEGIN PERFORM pg_sleep(0.002); RETURN v; END'",
                "CREATE VIEW numbers AS SELECT id, slowly(id) AS v FROM numbers_rows",
                "GRANT SELECT ON numbers, numbers_rows TO " + db.reader());
    }

    @Test
    void timeoutNamesTableAndBoundsAndPublishesNothing() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket-2", "timeout"),
                "snapshot-sync.source.statement-timeout = 500ms",
                "snapshot-sync.tables { numbers { partition { column = id, count = 2 } } }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-08-01");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("reading table public.numbers (range on id, 2 partition(s)"),
                result.toString());
        assertTrue(result.err().contains("a statement ran longer than source.statement-timeout (PT0.5S). Split the "
                + "table into more partitions"), result.toString());
        assertTrue(CsvDay.read("test-bucket-2", "timeout/").keys().stream().noneMatch(k -> k.endsWith("_SUCCESS")));
    }
}
