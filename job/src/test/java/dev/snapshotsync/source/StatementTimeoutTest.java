package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that outlives source.statement-timeout fails the run naming the table and the partition
 * bounds. The test holds an exclusive lock on the table, so the read waits until the timeout.
 */
class StatementTimeoutTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("timeout");
        db.execute("CREATE TABLE numbers (id int PRIMARY KEY)",
                "INSERT INTO numbers SELECT g FROM generate_series(1, 4000) g", "ANALYZE numbers");
    }

    @Test
    void timeoutNamesTableAndBoundsAndPublishesNothing() throws SQLException {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket-2", "timeout"),
                "snapshot-sync.source.statement-timeout = 500ms",
                "snapshot-sync.tables { numbers { partition.count = 2 } }");

        Cli.Result result;
        try (Connection locker = db.admin(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE numbers IN ACCESS EXCLUSIVE MODE");
            result = Cli.run("export", "--config", config.toString(), "--date", "2026-08-01");
            locker.rollback();
        }

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("reading table public.numbers (range on id, 2 partition(s)"),
                result.toString());
        assertTrue(result.err().contains("source.statement-timeout"), result.toString());
        assertTrue(CsvDay.read("test-bucket-2", "timeout/").keys().stream().noneMatch(k -> k.endsWith("_SUCCESS")));
    }
}
