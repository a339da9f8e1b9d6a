package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.source.CopySource;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.RunReports;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of many small tables stages several at once, within one connection budget, inside one
 * snapshot: the run report's staging intervals overlap (never more than source.max-connections
 * one-partition tables at once), every day is exact, and a table that fails stops the others
 * cleanly with its own error.
 */
class ManyTablesTest {
    private static final String BUCKET = "test-bucket";
    private static final String DATE = "2026-09-01";
    private static final String ROOT = "many-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int TABLES = 32;
    private static final int BUDGET = 3;
    private static TestDatabase db;

    @TempDir
    Path dir;

    /**
     * COPY reads registered in this JVM before the test: the registry is the JVM's, and a test class
     * that ran before in the same surefire JVM may hold a reader it has not closed yet.
     */
    private int readsBefore;

    @BeforeEach
    void countReads() {
        readsBefore = CopySource.registeredReads();
    }

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("many_tables");
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < TABLES; i++) {
            // Each table its own row count, so a file counted or published under another table's name shows.
            sql.add("CREATE TABLE t" + i + " (id int PRIMARY KEY, label text, amount numeric(8,2), at timestamptz)");
            sql.add("INSERT INTO t" + i + " SELECT g, 't" + i + " row ' || g, g / 4.0, "
                    + "timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, "
                    + rows(i) + ") g");
        }
        // Large enough to keep a partitioned read, in two of the budget's three sessions.
        sql.add("CREATE TABLE wide (id int PRIMARY KEY, label text)");
        sql.add("INSERT INTO wide SELECT g, 'wide ' || g FROM generate_series(1, 300) g");
        sql.add("ANALYZE");
        db.execute(sql.toArray(String[]::new));
    }

    private static int rows(int table) {
        return 10 + table;
    }

    private static String tablesBlock() {
        StringBuilder block = new StringBuilder("snapshot-sync.tables {");
        IntStream.range(0, TABLES).forEach(i -> block.append(" t").append(i).append(" {},"));
        return block.append(" wide { partition.count = 2 } }").toString();
    }

    @Test
    void tablesAreStagedTogetherWithinTheBudgetAndEveryDayIsExact() {
        String root = ROOT + "/ok";
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, root), tablesBlock(),
                "snapshot-sync.source.max-connections = " + BUDGET);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode report = RunReports.latest(BUCKET, root);
        assertEquals("succeeded", report.get("status").asText());
        int most = RunReports.mostStagedAtOnce(report);
        assertTrue(most >= 2, "no two tables were staged at once: " + report.get("tables"));
        assertTrue(most <= BUDGET, most + " tables staged at once, above the budget of " + BUDGET);
        Set<String> snapshots = new HashSet<>();
        for (int i = 0; i < TABLES; i++) {
            String day = root + "/t" + i + "/snapshot_date=" + DATE + "/";
            JsonNode manifest = DayObjects.assertExactDay(BUCKET, day);
            assertEquals(rows(i), manifest.get("rows").get("written").asLong(), day);
            assertEquals(rows(i), manifest.get("rows").get("read").asLong(), day);
            CsvDay csv = CsvDay.read(BUCKET, day);
            assertEquals(IntStream.rangeClosed(1, rows(i)).mapToObj(Integer::toString).toList(),
                    csv.column("id").stream().sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b)).toList(), day);
            String label = "t" + i + " row ";
            assertTrue(csv.column("label").stream().allMatch(l -> l.startsWith(label)), day);
            snapshots.add(manifest.get("source").get("snapshotId").asText());
        }
        JsonNode wide = DayObjects.assertExactDay(BUCKET, root + "/wide/snapshot_date=" + DATE + "/");
        assertEquals(300, wide.get("rows").get("written").asLong());
        assertEquals(2, wide.get("partitions").get("count").asInt(), "the large table kept its partitioned read");
        snapshots.add(wide.get("source").get("snapshotId").asText());
        assertEquals(1, snapshots.size(), "every table read one snapshot: " + snapshots);
        DayObjects.assertNoDirectoryMarkers(BUCKET, root + "/");
        assertTrue(DayObjects.keys(BUCKET, root + "/_locks/").isEmpty(), "locks left");
        assertNoRunLeftovers(root);
    }

    @Test
    void aFailingTableStopsTheOthersAndItsErrorIsTheOneReported() {
        db.execute("CREATE VIEW broken AS SELECT g AS id, 1 / (g - 7) AS ratio FROM generate_series(1, 20) g");
        String root = ROOT + "/failing";
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, root),
                "snapshot-sync.tables { t0 {}, t1 {}, broken {}, t2 {}, t3 {}, t4 {}, t5 {} }",
                "snapshot-sync.source.max-connections = " + BUDGET);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("division by zero"), result.toString());
        assertTrue(result.err().contains("broken"), result.toString());
        assertTrue(!result.err().contains("cancelled job group"), "a cancelled table's error was reported: " + result);
        DayObjects.assertNothingPublished(BUCKET, root + "/");
        assertEquals(3, RunReports.latest(BUCKET, root).get("exitCode").asInt());
        assertNoRunLeftovers(root);
    }

    /** No staged files, no COPY read registered in the driver by the run, no staging or publishing thread alive. */
    private void assertNoRunLeftovers(String root) {
        assertTrue(DayObjects.keys(BUCKET, root + "/_staging/").isEmpty(), "staging left");
        assertEquals(readsBefore, CopySource.registeredReads(), "COPY reads left registered");
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> threads = runThreads();
        while (!threads.isEmpty() && System.nanoTime() < deadline) {
            // A pool's idle threads end just after its shutdown; give them a moment.
            LockSupport.parkNanos(50_000_000L);
            threads = runThreads();
        }
        assertTrue(threads.isEmpty(), "threads left: " + threads);
    }

    private static List<String> runThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("snapshot-sync-stage-") || name.startsWith("snapshot-sync-publish-"))
                .toList();
    }
}
