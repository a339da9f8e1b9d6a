package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.JobSessions;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every partition of every table reads one instant. The mover commits a change between two
 * partition reads (it watches pg_stat_activity for the job's third partition session); with the
 * snapshot the output is the state before the change, without it the moved rows are lost.
 */
class SnapshotConsistencyTest {
    private static final String BUCKET = "test-bucket-3";
    private static final int ROWS = 80_000;
    /** Not the common pool: on two cores it has one thread, which the job may be using. */
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create("consistency");
    }

    private static void createMovingTable(String name) {
        // Exported through a view that pauses once per statement (a materialized CTE runs once), so
        // the move reliably commits after the first partitions were read and before the last.
        db.execute("CREATE TABLE " + name + "_rows (id int PRIMARY KEY, k bigint NOT NULL, payload text)",
                "INSERT INTO " + name + "_rows SELECT g, g, 'row ' || g FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE " + name + "_rows",
                "CREATE VIEW " + name + " AS WITH pause AS MATERIALIZED (SELECT pg_sleep(0.1)) "
                        + "SELECT m.* FROM " + name + "_rows m, pause");
    }

    private Path movingConfig(String table, String prefix, String app, String snapshotMode) {
        return TestConfig.write(dir, table + ".conf", TestConfig.base(db, BUCKET, prefix), """
                snapshot-sync.source {
                  application-name = "%s"
                  max-connections = 1
                  fetch-size = 500
                  snapshot.mode = %s
                }
                snapshot-sync.tables { %s { partition { column = k, count = 8 } } }
                """.formatted(app, snapshotMode, table));
    }

    @Test
    void snapshotKeepsOneInstantWhileRowsMoveBetweenPartitions() throws Exception {
        createMovingTable("moving_on");
        CsvDay day = exportWhileMoving("moving_on", "on", "required");

        List<String> ids = day.column("id");
        assertEquals(ROWS, ids.size(), "rows in output");
        assertEquals(ROWS, new HashSet<>(ids).size(), "each row exactly once");
        for (List<String> row : day.rows()) {
            assertEquals(row.get(0), row.get(1), "k must be the value before the move: " + row);
        }
    }

    @Test
    void withoutTheSnapshotTheSameMoveLosesRows() throws Exception {
        createMovingTable("moving_off");
        CsvDay day = exportWhileMoving("moving_off", "off", "off");

        assertNotEquals(ROWS, new HashSet<>(day.column("id")).size(),
                "the anomaly did not show: the test could not fail");
    }

    private CsvDay exportWhileMoving(String table, String prefix, String snapshotMode) throws Exception {
        String app = "consistency-" + UUID.randomUUID();
        Path config = movingConfig(table, prefix, app, snapshotMode);
        AtomicBoolean moved = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> mover = CompletableFuture.runAsync(() -> moveAtThirdPartition(table, app, moved, done), POOL);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-01");
        done.set(true);
        mover.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(moved.get(), "the mover never saw the third partition running");
        String dayPrefix = prefix + "/" + table + "/snapshot_date=2026-04-01/";
        CsvDay day = CsvDay.read(BUCKET, dayPrefix);
        assertTrue(day.published(dayPrefix), day.keys().toString());
        return day;
    }

    /** Moves the top key range into the bottom one, in one committed transaction, while partition 3 of 8 runs. */
    private static void moveAtThirdPartition(String table, String app, AtomicBoolean moved, AtomicBoolean done) {
        if (JobSessions.awaitReads(db, app, 3, done).size() < 3) {
            return;
        }
        db.execute("UPDATE " + table + "_rows SET k = k - 1000000 WHERE k > " + (ROWS - ROWS / 8));
        moved.set(true);
    }

    @Test
    void everyChildHasItsParentWhileBothTablesGrow() throws Exception {
        db.execute("CREATE TABLE parents (id bigint PRIMARY KEY, name text)",
                "CREATE TABLE children (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parents)",
                "INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 20000) g",
                "INSERT INTO children SELECT g, g FROM generate_series(1, 20000) g",
                "ANALYZE parents", "ANALYZE children");
        Path config = TestConfig.write(dir, "fk.conf", TestConfig.base(db, BUCKET, "fk"),
                "snapshot-sync.tables { parents { partition.count = 4 }, children { partition.count = 4 } }");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger added = new AtomicInteger();
        CompletableFuture<Void> inserter = CompletableFuture.runAsync(() -> addFamilies(stop, added), POOL);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-02");
        stop.set(true);
        inserter.get(30, TimeUnit.SECONDS);

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(added.get() > 0, "nothing was added while the export ran");
        Set<String> parents = new HashSet<>(CsvDay.read(BUCKET, "fk/parents/snapshot_date=2026-04-02/").column("id"));
        List<String> children = CsvDay.read(BUCKET, "fk/children/snapshot_date=2026-04-02/").column("parent_id");
        for (String parent : children) {
            assertTrue(parents.contains(parent), "child row without its parent " + parent);
        }
        assertEquals(parents.size(), children.size(), "one child per parent at any instant");
    }

    private static void addFamilies(AtomicBoolean stop, AtomicInteger added) {
        try (Connection admin = db.admin(); Statement st = admin.createStatement()) {
            for (long id = 1_000_000; !stop.get(); id++) {
                // Parent and child in one transaction: at any instant, one child per parent.
                st.executeUpdate("WITH p AS (INSERT INTO parents VALUES (" + id + ", 'new') RETURNING id) "
                        + "INSERT INTO children SELECT id, id FROM p");
                added.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
