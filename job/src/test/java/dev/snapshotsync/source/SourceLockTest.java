package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JobSessions;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The run locks what it reads (ACCESS SHARE, before the snapshot, as pg_dump does): a TRUNCATE or a
 * table rewrite issued during the run waits for it instead of emptying a table under the snapshot,
 * and a lock the run cannot get in time fails it (exit 3) naming the table and the session in the way.
 */
class SourceLockTest {
    private static final String BUCKET = "test-bucket-2";
    private static final int ROWS = 3000;
    /** Not the common pool: on two cores it has one thread, which the job may be using. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("source_locks");
        // pg_read_all_stats: the role may see other sessions' state and query, so messages can name them.
        db.execute("CREATE TABLE held (id int PRIMARY KEY)", "INSERT INTO held SELECT g FROM generate_series(1, 10) g",
                "GRANT pg_read_all_stats TO " + db.reader());
    }

    /** Two tables read through views that pause per statement, so the run is reading one when the DDL comes. */
    private static void createPausedPair(String prefix) {
        for (String name : new String[] {prefix + "_a", prefix + "_b"}) {
            // note is left out of the view, so that ALTER COLUMN note TYPE (a table rewrite) is allowed.
            db.execute("CREATE TABLE " + name + "_rows (id int PRIMARY KEY, amount int, note int)",
                    "INSERT INTO " + name + "_rows SELECT g, g, g FROM generate_series(1, " + ROWS + ") g",
                    "CREATE VIEW " + name + " AS WITH pause AS MATERIALIZED (SELECT pg_sleep(1)) "
                            + "SELECT r.id, r.amount FROM " + name + "_rows r, pause",
                    "GRANT SELECT ON " + name + ", " + name + "_rows TO " + db.reader());
        }
    }

    /**
     * TRUNCATE with reads bounded by lock-timeout (55P03); a table rewrite with statement-timeout
     * below lock-timeout (57014): either way the wait is reported as a lock wait naming the blocker.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "trunc | TRUNCATE %s; INSERT INTO %s VALUES (1, 1, 1) | lock-timeout = 2s",
        "alter | ALTER TABLE %s ALTER COLUMN note TYPE bigint  | lock-timeout = 1m, statement-timeout = 3s"})
    void ddlOnATableNotYetReadWaitsForTheRunAndNeverEmptiesIt(String prefix, String ddl, String timeouts)
            throws Exception {
        createPausedPair(prefix);
        String app = "locks-" + UUID.randomUUID();
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix), """
                snapshot-sync.source { application-name = "%s", %s, max-connections = 1 }
                snapshot-sync.tables { %s_a { partition.count = 1 }, %s_b { partition.count = 1 } }
                """.formatted(app, timeouts, prefix, prefix));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> target = new AtomicReference<>();
        AtomicLong ddlMillis = new AtomicLong();
        CompletableFuture<Void> other = CompletableFuture.runAsync(
                () -> ddlOnTheTableNotBeingRead(app, prefix, ddl, done, target, ddlMillis), POOL);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-07-01");
        done.set(true);
        other.get(60, TimeUnit.SECONDS);

        assertTrue(target.get() != null, "the DDL was never issued: " + result);
        // The table not yet read cannot be read without queueing behind the DDL, which waits for the
        // run's lock: the run stops after lock-timeout and says who is in the way, instead of
        // publishing the table empty (exit 0 and 0 rows before the locks).
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(ddlMillis.get() >= 2000, "the DDL did not wait for the run: " + ddlMillis.get() + " ms");
        assertTrue(result.err().contains("waited for a lock on public." + target.get()), result.toString());
        assertTrue(result.err().contains("waits for AccessExclusiveLock on " + target.get() + "_rows"), result.toString());
        assertTrue(result.err().contains("application_name 'PostgreSQL JDBC Driver'"), result.toString());
        assertFalse(result.err().contains("Split the table"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, prefix + "/");
    }

    /** Issues the DDL, in its own transaction, on the table of the pair that the run is not reading yet. */
    private static void ddlOnTheTableNotBeingRead(String app, String prefix, String ddl, AtomicBoolean done,
                                                  AtomicReference<String> target, AtomicLong millis) {
        String sql = "SELECT query FROM pg_stat_activity WHERE application_name = ? AND state = 'active' "
                + "AND query LIKE '%snapshot_sync_source%'";
        JobSessions.poll(db, sql, app, () -> done.get() || target.get() != null, row -> target.set(
                row.getString(1).contains("\"" + prefix + "_a\"") ? prefix + "_b" : prefix + "_a"));
        if (target.get() == null) {
            return;
        }
        String table = target.get() + "_rows";
        long started = System.nanoTime();
        try (Connection admin = db.admin(); Statement st = admin.createStatement()) {
            admin.setAutoCommit(false);
            for (String statement : ddl.formatted(table, table).split("; ")) {
                st.execute(statement);
            }
            admin.commit();
            millis.set((System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lockNotHadInTimeFailsNamingTheTableAndTheBlockingSession() throws SQLException {
        Path config = TestConfig.write(dir, "held.conf", TestConfig.base(db, BUCKET, "held"),
                "snapshot-sync.source.lock-timeout = 1s", "snapshot-sync.tables { held {} }");
        Cli.Result result;
        int blocker;
        try (Connection locker = db.admin(); Statement st = locker.createStatement()) {
            st.execute("SET application_name = 'nightly-maintenance'");
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                blocker = rs.getInt(1);
            }
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
            result = Cli.run("export", "--config", config.toString(), "--date", "2026-07-01");
            locker.rollback();
        }

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("locking public.held in ACCESS SHARE mode before taking the snapshot"),
                result.toString());
        assertTrue(result.err().contains("waited longer than source.lock-timeout (PT1S)"), result.toString());
        assertTrue(result.err().contains("pid " + blocker + " (application_name 'nightly-maintenance', user '"),
                result.toString());
        assertTrue(result.err().contains("state 'idle in transaction') holds AccessExclusiveLock on held, query: "
                + "LOCK TABLE held IN ACCESS EXCLUSIVE MODE"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "held/");
    }
}
