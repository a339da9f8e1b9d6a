package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}: the configuration, then the tables against the live catalog, every problem at once. */
class ValidateTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("validate");
        db.execute("CREATE TABLE present (id int)");
    }

    private Path config(String tables, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket", "validate"),
                "snapshot-sync.tables { " + tables + " }", extra);
    }

    @Test
    void validConfigurationAndTablesPass() {
        Cli.Result result = Cli.run("validate", "--config", config("present {}", "").toString());

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("is valid: 1 table, all present in 127.0.0.1:"), result.toString());
    }

    @Test
    void offlineChecksOnlyTheConfigurationAndNeedsNoDatabase() {
        Path config = config("present {}, ghosts {}", "snapshot-sync.source.host = no-such-host.invalid");

        Cli.Result result = Cli.run("validate", "--config", config.toString(), "--offline");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("is valid: 2 tables (offline: the tables were not checked"), result.toString());
    }

    @Test
    void everyMissingTableIsListed() {
        Cli.Result result = Cli.run("validate", "--config", config("present {}, ghosts {}, spectres {}", "").toString());

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("configuration has 2 problems:"), result.toString());
        assertTrue(result.err().contains("table 'public.ghosts' for 'snapshot-sync.tables.ghosts' does not exist"),
                result.toString());
        assertTrue(result.err().contains("table 'public.spectres' for 'snapshot-sync.tables.spectres' does not exist"),
                result.toString());
    }

    @Test
    void everyConfigurationProblemIsListedOffline() {
        Path config = config("present {}", """
                snapshot-sync.target { format = deltta, parquet.compression = lz4, max-file-size = 10k,
                  lock.wait = -1s, csv.bom = maybe }""");

        Cli.Result result = Cli.run("validate", "--config", config.toString(), "--offline");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("configuration has 5 problems:"), result.toString());
        assertTrue(result.err().contains("invalid value 'deltta' for 'snapshot-sync.target.format'. Allowed: csv, delta, "
                + "json, parquet."), result.toString());
        assertTrue(result.err().contains("invalid value 'lz4' for 'snapshot-sync.target.parquet.compression'. "
                + "Allowed: snappy, zstd."), result.toString());
        assertTrue(result.err().contains("invalid value '10k' for 'snapshot-sync.target.max-file-size'. Allowed: a size "
                + "from 1M to 5G, such as 128M."), result.toString());
        assertTrue(result.err().contains("invalid value '-1s' for 'snapshot-sync.target.lock.wait'. Allowed: a duration "
                + "of zero or more"), result.toString());
        assertTrue(result.err().contains("invalid value 'maybe' for 'snapshot-sync.target.csv.bom'. Allowed: true or "
                + "false."), result.toString());
    }
}
