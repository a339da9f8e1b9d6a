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
        Path config = publishThenChange("csv");
        killWhenLogged(config, "csv", "table alpha: published");
        rerunConverges(config, "csv");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertExactDay(BUCKET, root("csv") + "/" + table + "/snapshot_date=" + DATE + "/")
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
        Path config = publishThenChange("delta");
        Map<String, Set<String>> versions = deltaLogs();
        killWhenLogged(config, "delta", "staged 2 table(s)");
        assertEquals(versions, deltaLogs(), "killed before the commits: no new version");
        killWhenLogged(config, "delta", "table alpha: committed the day to the Delta table");
        killWhenLogged(config, "delta", "table beta: committed the day to the Delta table");
        rerunConverges(config, "delta");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertCompleteDay(BUCKET, root("delta") + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }

    private static String root(String format) {
        return ROOT + "-" + format;
    }

    /** The keys of each Delta table's log. */
    private static Map<String, Set<String>> deltaLogs() {
        Map<String, Set<String>> logs = new HashMap<>();
        for (String table : TABLES) {
            logs.put(table, new HashSet<>(DayObjects.keys(BUCKET, root("delta") + "/" + table + "/_delta_log/")));
        }
        return logs;
    }

    /** Publishes the days in {@code format}, then changes the tables; returns the configuration. */
    private Path publishThenChange(String format) {
        for (String table : TABLES) {
            db.execute("TRUNCATE " + table, "INSERT INTO " + table + " SELECT g, 'old' FROM generate_series(1, 50) g");
        }
        Path config = TestConfig.write(dir, format + ".conf", TestConfig.base(db, BUCKET, root(format)),
                "snapshot-sync.tables { alpha {}, beta {} }", "snapshot-sync.target.lock.lease = 4s",
                "snapshot-sync.target.max-rows-per-file = 5", "snapshot-sync.target.format = " + format);
        Cli.Result published = export(config);
        assertEquals(0, published.exitCode(), published.toString());
        for (String table : TABLES) {
            db.execute("UPDATE " + table + " SET v = 'new'", "DELETE FROM " + table + " WHERE id > 40");
        }
        return config;
    }

    /** Reruns the export after the kills: it succeeds and leaves no staging behind. */
    private static void rerunConverges(Path config, String format) {
        Cli.Result rerun = export(config);
        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertTrue(DayObjects.keys(BUCKET, root(format) + "/_staging/").isEmpty(), "stray staging files");
    }

    /** A killed run keeps its locks until their lease ends: every export here waits for that. */
    private static Cli.Result export(Path config) {
        return Cli.run("export", "--config", config.toString(), "--date", DATE, "--set", "target.lock.wait=60s");
    }

    /**
     * Exports again in a child JVM, SIGKILLs it when it logs {@code line}, and checks that every day
     * is still published and complete.
     */
    private void killWhenLogged(Path config, String format, String line) throws Exception {
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = ChildCli.start(log, "export", "--config", config.toString(), "--date", DATE,
                "--set", "target.lock.wait=60s");
        killWhenLogged(child, log, line);
        for (String table : TABLES) {
            DayObjects.assertCompleteDay(BUCKET, root(format) + "/" + table + "/snapshot_date=" + DATE + "/");
        }
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
