package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2: a job process killed (SIGKILL) while writing a day that was published before.
 * Readers still see the old day complete; the next run waits out the dead run's lease, takes over,
 * and publishes the new day with no stray files.
 */
@LineIndependent
class KillTest {
    private static final String BUCKET = "test-bucket-2";
    private static final String DATE = "2026-05-01";
    /** Fresh per test run, so nothing an earlier run left in S3Mock counts here. */
    private static final String ROOT = "kill-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("kill");
        db.execute("CREATE TABLE quick (id int PRIMARY KEY, label text)",
                "INSERT INTO quick SELECT g, 'old ' || g FROM generate_series(1, 10) g",
                "CREATE TABLE knobs (delay float8)",
                "INSERT INTO knobs VALUES (0)",
                // A read as slow as the test needs: every row waits knobs.delay seconds.
                "CREATE FUNCTION slow(i int) RETURNS int LANGUAGE sql VOLATILE AS "
                        + "'SELECT i FROM pg_sleep((SELECT delay FROM knobs))'",
                "CREATE VIEW slow_items AS SELECT slow(g) AS id, 'item ' || g AS label FROM generate_series(1, 200) g");
    }

    @Test
    void killedRunLeavesThePublishedDayAndTheNextRunReplacesItCleanly() throws Exception {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, ROOT),
                "snapshot-sync.tables { quick {}, slow_items {} }", "snapshot-sync.target.lock.lease = 4s");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", DATE).exitCode());
        Map<String, byte[]> published = contents(ROOT + "/quick/snapshot_date=" + DATE + "/");
        published.putAll(contents(ROOT + "/slow_items/snapshot_date=" + DATE + "/"));
        // 200 rows at 0.25 s: the slow table is still being read when the child is killed.
        db.execute("UPDATE knobs SET delay = 0.25", "UPDATE quick SET label = 'new ' || id",
                "DELETE FROM quick WHERE id > 6");

        Path log = dir.resolve("child.log");
        // Two task slots: tables stage together, and with one slot the quick table's task could
        // wait behind the whole slow read, so that the run was publishing by the time it was killed.
        Process child = ChildCli.start(log, List.of("-Dspark.master=local[2]"), "export", "--config", config.toString(),
                "--date", DATE);
        waitForStagedQuickTable(child, log);
        Thread.sleep(1500);
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        Map<String, byte[]> afterKill = contents(ROOT + "/quick/snapshot_date=" + DATE + "/");
        afterKill.putAll(contents(ROOT + "/slow_items/snapshot_date=" + DATE + "/"));
        assertEquals(published.keySet(), afterKill.keySet(), "the old days are complete and unchanged");
        published.forEach((key, bytes) -> assertArrayEquals(bytes, afterKill.get(key), key));
        assertFalse(DayObjects.keys(BUCKET, ROOT + "/_staging/").isEmpty(), "the dead run's staging is still there");

        db.execute("UPDATE knobs SET delay = 0");
        Cli.Result rerun = Cli.run("export", "--config", config.toString(), "--date", DATE,
                "--set", "target.lock.wait=60s");

        assertEquals(0, rerun.exitCode(), rerun.toString());
        for (String table : List.of("quick", "slow_items")) {
            DayObjects.assertExactDay(BUCKET, ROOT + "/" + table + "/snapshot_date=" + DATE + "/");
        }
        assertEquals(6, DayObjects.json(BUCKET, ROOT + "/quick/snapshot_date=" + DATE + "/_manifest.json")
                .get("rows").get("written").asLong());
        assertTrue(DayObjects.keys(BUCKET, ROOT + "/_staging/").isEmpty(), "stray staging files");
        assertTrue(DayObjects.keys(BUCKET, ROOT + "/_locks/").isEmpty(), "lock left behind");
    }

    /** The child has staged the quick table (its part file exists) and is reading the slow one. */
    private static void waitForStagedQuickTable(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (DayObjects.keys(BUCKET, ROOT + "/_staging/").stream().anyMatch(k -> k.contains("/quick/part-"))) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child ended with " + child.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        child.destroyForcibly();
        throw new AssertionError("child never staged the quick table:\n" + Files.readString(log));
    }

    private static Map<String, byte[]> contents(String prefix) {
        Map<String, byte[]> contents = DayObjects.contents(BUCKET, prefix);
        assertTrue(contents.containsKey(prefix + "_SUCCESS"), "not published: " + contents.keySet());
        return contents;
    }
}
