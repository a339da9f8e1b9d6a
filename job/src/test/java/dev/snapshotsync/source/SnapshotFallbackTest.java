package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where no snapshot can be exported (a hot standby, a pooler in front), the run says so and fails,
 * or, when configured to, reads without one and says the output is not consistent. Revoking
 * pg_export_snapshot from the role stands in for such a server.
 */
class SnapshotFallbackTest {
    private static final String BUCKET = "test-bucket-2";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("no_snapshot");
        db.execute("CREATE TABLE events (id int PRIMARY KEY, kind text)",
                "INSERT INTO events SELECT g, 'kind ' || (g % 3) FROM generate_series(1, 30) g",
                "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_export_snapshot() FROM PUBLIC");
    }

    private Path config(String prefix, String mode) {
        return TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.source.snapshot.mode = " + mode, "snapshot-sync.tables { events {} }");
    }

    @Test
    void requiredSnapshotFailsWithExitThreeAndSaysHowToFallBack() {
        Cli.Result result = Cli.run("export", "--config", config("required", "required").toString(),
                "--date", "2026-07-01");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("exporting a snapshot"), result.toString());
        assertTrue(result.err().contains("source.snapshot.mode"), result.toString());
        assertTrue(CsvDay.read(BUCKET, "required/events/snapshot_date=2026-07-01/").keys().isEmpty());
    }

    @Test
    void fallbackReadsWithoutASnapshotAndSaysSo() {
        Cli.Result result = Cli.run("export", "--config", config("fallback", "fallback").toString(),
                "--date", "2026-07-01");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("not consistent"), result.toString());
        assertEquals(30, CsvDay.read(BUCKET, "fallback/events/snapshot_date=2026-07-01/").rows().size());
    }
}
