package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a run re-publishes days (KillTest covers reading and writing): the setup and the
 * steps of KillDuringPublishTest (CSV) and KillDuringDeltaCommitsTest, two classes so that the
 * suite's test JVMs run them side by side. A day is published, the tables change, a child JVM
 * exporting again is killed when it logs a given line, every day is checked complete, and the
 * next run converges.
 */
abstract class PublishKills {
    static final String BUCKET = "test-bucket-3";
    static final String DATE = "2026-06-15";
    private static final String ROOT = "killpub-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> TABLES = List.of("alpha", "beta");
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

    static String root(String format) {
        return ROOT + "-" + format;
    }

    /** The keys of each Delta table's log. */
    static Map<String, Set<String>> deltaLogs() {
        Map<String, Set<String>> logs = new HashMap<>();
        for (String table : TABLES) {
            logs.put(table, new HashSet<>(DayObjects.keys(BUCKET, root("delta") + "/" + table + "/_delta_log/")));
        }
        return logs;
    }

    /** Publishes the days in {@code format}, then changes the tables; returns the configuration. */
    Path publishThenChange(String format) {
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
    static void rerunConverges(Path config, String format) {
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
     * is still published and complete. Returns what the child logged.
     */
    String killWhenLogged(Path config, String format, String line) throws Exception {
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = ChildCli.start(log, "export", "--config", config.toString(), "--date", DATE,
                "--set", "target.lock.wait=60s");
        killWhenLogged(child, log, line);
        for (String table : TABLES) {
            DayObjects.assertCompleteDay(BUCKET, root(format) + "/" + table + "/snapshot_date=" + DATE + "/");
        }
        return Files.readString(log);
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
