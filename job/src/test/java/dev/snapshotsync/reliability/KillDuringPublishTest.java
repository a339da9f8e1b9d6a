package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a run re-publishes days (KillTest covers reading and writing): the moment the
 * child logs that its first table is published, it is killed, in the middle of publishing the
 * second. Every day is then still published and complete, the old one or the new one (the files
 * its manifest names are all there; a folder may also hold files the killed run copied in), and
 * the next run converges to days of exactly their manifest's files.
 */
class KillDuringPublishTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String DATE = "2026-06-15";
    private static final String ROOT = "killpub-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> TABLES = List.of("alpha", "beta");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("kill_publish");
        for (String table : TABLES) {
            db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
        }
    }

    @Test
    @LineIndependent
    void killDuringPublishLeavesNoHalfDayAndTheNextRunConverges() throws Exception {
        String root = killWhileRepublishing("csv", (line, prefix) -> { }, "table alpha: published");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertExactDay(BUCKET, root + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }

    /**
     * Killed before the Delta commits (every table staged, none committed: no Delta table has a new
     * version), between them (alpha's made, beta's not) and after them (before the manifests): each
     * Delta table shows its old or its new day, each day folder a complete manifest, and the rerun
     * converges. Delta keeps the files a commit replaced, so its folders hold more than the manifest
     * names.
     */
    @Test
    void killBeforeBetweenAndAfterTheDeltaCommitsLeavesEveryDayCompleteAndTheNextRunConverges() throws Exception {
        Map<String, Set<String>> logs = new HashMap<>();
        String root = killWhileRepublishing("delta", (line, prefix) -> {
            for (String table : TABLES) {
                Set<String> log = new HashSet<>(DayObjects.keys(BUCKET, prefix + "/" + table + "/_delta_log/"));
                if (line.startsWith("staged")) {
                    assertEquals(logs.get(table), log, "killed before the commits: no new version of " + table);
                }
                logs.put(table, log);
            }
        }, "staged 2 table(s)", "table alpha: committed the day to the Delta table",
                "table beta: committed the day to the Delta table");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertCompleteDay(BUCKET, root + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }

    /** What a test checks after a kill, beside complete days: the line the child was killed at, the root. */
    private interface AfterKill {
        void check(String line, String root) throws Exception;
    }

    /**
     * Publishes the days in {@code format}, changes the tables, and for each of {@code lines} runs the
     * export again and kills it when it logs that line; after each kill every day is still published
     * and complete ({@code afterKill} may check more; it also sees the state before the first kill,
     * with the line ""). Then reruns; returns the root.
     */
    private String killWhileRepublishing(String format, AfterKill afterKill, String... lines) throws Exception {
        String root = ROOT + "-" + format;
        for (String table : TABLES) {
            db.execute("TRUNCATE " + table, "INSERT INTO " + table + " SELECT g, 'old' FROM generate_series(1, 50) g");
        }
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, root),
                "snapshot-sync.tables { alpha {}, beta {} }", "snapshot-sync.target.lock.lease = 4s",
                "snapshot-sync.target.max-rows-per-file = 5", "snapshot-sync.target.format = " + format);
        Cli.Result published = Cli.run("export", "--config", config.toString(), "--date", DATE);
        assertEquals(0, published.exitCode(), published.toString());
        afterKill.check("", root);
        for (String table : TABLES) {
            db.execute("UPDATE " + table + " SET v = 'new'", "DELETE FROM " + table + " WHERE id > 40");
        }

        for (int i = 0; i < lines.length; i++) {
            // A killed run keeps its locks until their lease ends: the next run waits for that.
            Path log = dir.resolve("child-" + i + ".log");
            Process child = ChildCli.start(log, "export", "--config", config.toString(), "--date", DATE,
                    "--set", "target.lock.wait=60s");
            killWhenLogged(child, log, lines[i]);
            for (String table : TABLES) {
                DayObjects.assertCompleteDay(BUCKET, root + "/" + table + "/snapshot_date=" + DATE + "/");
            }
            afterKill.check(lines[i], root);
        }
        Cli.Result rerun = Cli.run("export", "--config", config.toString(), "--date", DATE,
                "--set", "target.lock.wait=60s");
        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertTrue(DayObjects.keys(BUCKET, root + "/_staging/").isEmpty(), "stray staging files");
        return root;
    }

    private static void killWhenLogged(Process child, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child ended with " + child.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(10);
        }
        child.destroyForcibly();
        throw new AssertionError("the child never logged '" + line + "':\n" + Files.readString(log));
    }
}
