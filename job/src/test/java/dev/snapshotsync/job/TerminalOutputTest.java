package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's terminal shows, in a JVM of its own with the shipped log configuration and no
 * SPARK_LOCAL_IP (as bin/snapshot-sync and {@code make demo} run): per run the start line,
 * progress, one line per table published and the summary; no warning the user cannot act on; and
 * on a failure one error block without a stack trace, which the run summary in S3 keeps instead.
 */
class TerminalOutputTest {
    private static final String BUCKET = "test-bucket-4";
    private static final Pattern RUN_ID = Pattern.compile("run (\\d{8}T\\d{6}Z-[0-9a-f]{8}): exporting");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("terminal");
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 20) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2))",
                "INSERT INTO orders SELECT g, 1 + g % 20, g * 1.5 FROM generate_series(1, 40) g",
                // Statistics, so that planning the read needs no sample and the first read of the
                // locked table is in a Spark task.
                "ANALYZE customers", "ANALYZE orders",
                // A read that outlives the statement timeout inside a Spark task (IMMUTABLE, so
                // planning never computes it); a lock held against the run would now fail at the
                // snapshot's lock step instead, on the driver.
                "CREATE TABLE slow_rows (id int PRIMARY KEY)",
                "INSERT INTO slow_rows SELECT g FROM generate_series(1, 4000) g", "ANALYZE slow_rows",
                "CREATE FUNCTION slowly(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS "
                        + "'BEGIN PERFORM pg_sleep(0.002); RETURN v; END'",
                "CREATE VIEW slow AS SELECT id, slowly(id) AS v FROM slow_rows",
                "GRANT SELECT ON slow, slow_rows TO " + db.reader());
    }

    private Path config(String prefix, String... extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { customers {}, orders {} }", String.join("\n", extra));
    }

    @Test
    void successShowsStartProgressOneLinePerTableAndTheSummaryAndNoWarning() throws Exception {
        String prefix = "terminal-ok-" + UUID.randomUUID().toString().substring(0, 8);

        Cli.Result run = ChildCli.runAsUser(dir, "export", "--config", config(prefix).toString(), "--date", "2026-03-01");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), lines(run.err(), " WARN "), "warnings on the terminal:\n" + run);
        assertEquals(List.of(), lines(run.err(), " ERROR "), run.toString());
        assertTrue(RUN_ID.matcher(run.err()).find(), "no start line:\n" + run);
        assertFalse(lines(run.err(), "partition done").isEmpty(), "no progress:\n" + run);
        for (String table : List.of("customers", "orders")) {
            assertEquals(1, lines(run.err(), "table " + table + ": published").size(), run.toString());
            assertTrue(run.out().contains(prefix + "/" + table + "/snapshot_date=2026-03-01"), run.toString());
        }
        assertFalse(run.err().contains("TableOutcome["), "the raw run record is back:\n" + run);
        assertTrue(run.out().startsWith("snapshot-sync run "), run.toString());
    }

    @Test
    void targetFailureIsOneErrorBlockWithoutStackTraceOrS3aStatistics() throws Exception {
        String prefix = "terminal-kms-" + UUID.randomUUID().toString().substring(0, 8);

        Cli.Result run = ChildCli.runAsUser(dir, "export", "--config", config(prefix).toString(), "--date", "2026-03-01",
                "--set", "target.encryption.kms-key-id=no-such-key");

        assertEquals(4, run.exitCode(), run.toString());
        assertNoStackTraceOrWarning(run);
        String block = errorBlock(run);
        assertTrue(block.startsWith("snapshot-sync: target: ") && block.contains("'no-such-key'"), block);
        assertTrue(block.contains("\n  cause: "), block);
        assertTrue(block.contains("\n  to do: fix the key, bucket, endpoint or permission"), block);
        assertTrue(block.contains("\n  exit code 4 (target); stack trace "), block);
        assertEquals(1, lines(run.err(), "no-such-key").stream().filter(l -> l.startsWith("snapshot-sync:")).count(),
                "the message is printed once:\n" + run);
    }

    @Test
    void sourceFailureInASparkTaskIsOneErrorBlockAndTheRunSummaryKeepsTheStackTrace() throws Exception {
        String prefix = "terminal-timeout-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { slow {} }", "snapshot-sync.source.statement-timeout = 2s");

        Cli.Result run = ChildCli.runAsUser(dir, "export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(3, run.exitCode(), run.toString());
        assertNoStackTraceOrWarning(run);
        String block = errorBlock(run);
        assertTrue(block.startsWith("snapshot-sync: source: reading table public.slow (single, 1 partition(s)"),
                block);
        assertTrue(block.contains("source.statement-timeout"), block);
        assertTrue(block.contains("\n  cause: PSQLException: ERROR: canceling statement due to statement timeout\n"),
                block);
        Matcher runId = RUN_ID.matcher(run.err());
        assertTrue(runId.find(), run.toString());
        String report = prefix + "/_runs/" + runId.group(1) + ".json";
        assertTrue(block.contains("\n  exit code 3 (source); stack trace in s3a://" + BUCKET + "/" + report
                + " and at log level DEBUG"), block);
        JsonNode summary = DayObjects.json(BUCKET, report);
        assertEquals("failed", summary.get("status").asText());
        assertEquals(3, summary.get("exitCode").asInt());
        assertTrue(summary.get("stackTrace").asText().contains("\tat dev.snapshotsync."), summary.toString());
    }

    private static void assertNoStackTraceOrWarning(Cli.Result run) {
        assertEquals(List.of(), lines(run.err(), "\tat "), "a stack trace on the terminal:\n" + run);
        assertEquals(List.of(), lines(run.err(), "Caused by:"), run.toString());
        assertEquals(List.of(), lines(run.err(), " WARN "), "warnings on the terminal:\n" + run);
        assertEquals(List.of(), lines(run.err(), " ERROR "), "errors logged beside the error block:\n" + run);
    }

    /** From the line that starts with "snapshot-sync: " to the end. */
    private static String errorBlock(Cli.Result run) {
        int start = run.err().indexOf("\nsnapshot-sync: ");
        assertTrue(start >= 0, "no error block:\n" + run);
        return run.err().substring(start + 1);
    }

    private static List<String> lines(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).toList();
    }
}
