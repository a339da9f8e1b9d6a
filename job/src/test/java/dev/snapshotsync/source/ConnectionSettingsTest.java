package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JobSessions;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection settings are data: source.host is a host name or address, never URL text; the
 * sessions set the timeouts the run depends on, whatever the role's defaults; and when the snapshot
 * session is ended anyway, the run says so.
 */
class ConnectionSettingsTest {
    private static final String BUCKET = "test-bucket-3";
    /** Not the common pool: on two cores it has one thread, which the job may be using. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("connection_settings");
        // Both tables pause when read, so the snapshot session sits idle in transaction for seconds.
        for (String name : new String[] {"first", "second"}) {
            db.execute("CREATE TABLE " + name + "_rows (id int PRIMARY KEY)",
                    "INSERT INTO " + name + "_rows SELECT g FROM generate_series(1, 500) g",
                    "CREATE VIEW " + name + " AS WITH pause AS MATERIALIZED (SELECT pg_sleep(1.5)) "
                            + "SELECT r.id FROM " + name + "_rows r, pause",
                    "GRANT SELECT ON " + name + ", " + name + "_rows TO " + db.reader());
        }
        db.execute("ALTER ROLE " + db.reader() + " SET idle_in_transaction_session_timeout = '1s'");
    }

    private Path config(String prefix, String... extra) {
        return TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { first { partition.count = 1 }, second { partition.count = 1 } }",
                String.join("\n", extra));
    }

    @Test
    void hostThatCarriesUrlTextIsAConfigurationError() {
        Path config = config("urlhost",
                "snapshot-sync.source.host = \"db.example.com/acc?sslfactory=org.postgresql.ssl.NonValidatingFactory&x=\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-07-03");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("invalid host 'db.example.com/acc?sslfactory=org.postgresql.ssl."
                + "NonValidatingFactory&x=' for 'snapshot-sync.source.host'. Allowed: a host name"), result.toString());
    }

    @Test
    void roleIdleTimeoutDoesNotEndTheSnapshotSession() {
        Cli.Result result = Cli.run("export", "--config", config("idle").toString(), "--date", "2026-07-03");

        assertEquals(0, result.exitCode(), result.toString());
        for (String table : new String[] {"first", "second"}) {
            CsvDay day = CsvDay.read(BUCKET, "idle/" + table + "/snapshot_date=2026-07-03/");
            assertEquals(500, new HashSet<>(day.column("id")).size(), table);
        }
    }

    @Test
    void snapshotSessionEndedDuringTheRunIsExplained() throws Exception {
        String app = "ended-" + UUID.randomUUID();
        // One table at a time: the second table imports the snapshot only after the session is ended.
        // With both read at once, both may have imported it before the end, and the run rightly succeeds.
        Path config = config("ended", "snapshot-sync.source.application-name = \"" + app + "\"",
                "snapshot-sync.source.max-connections = 1");
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> endSnapshotSession(app, done, ended), POOL);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-07-03");
        done.set(true);
        killer.get(60, TimeUnit.SECONDS);

        assertTrue(ended.get(), "the snapshot session was never ended: " + result);
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("the session holding the run's snapshot has ended, and the snapshot with it"),
                result.toString());
        assertTrue(result.err().contains("idle_in_transaction_session_timeout"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "ended/");
    }

    /** Once the first table is being read, ends the session that exported the snapshot. */
    private static void endSnapshotSession(String app, AtomicBoolean done, AtomicBoolean ended) {
        String reading = "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = 'active' "
                + "AND query LIKE '%snapshot_sync_source%'";
        String end = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? "
                + "AND query LIKE '%pg_export_snapshot%'";
        JobSessions.poll(db, reading, app, () -> done.get() || ended.get(), row -> {
            if (row.getLong(1) > 0) {
                try (Connection admin = db.admin(); PreparedStatement terminate = admin.prepareStatement(end)) {
                    terminate.setString(1, app);
                    try (ResultSet killed = terminate.executeQuery()) {
                        ended.set(killed.next() && killed.getBoolean(1));
                    }
                }
            }
        });
    }
}
