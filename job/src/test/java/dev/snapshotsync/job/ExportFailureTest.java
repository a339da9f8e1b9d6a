package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each failure exits with its code, says what to fix, leaks no secret and publishes nothing. */
class ExportFailureTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("export_failure");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10) g");
    }

    private Path config(String bucket, String prefix, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, bucket, prefix),
                "snapshot-sync.tables { items {} }", extra);
    }

    @Test
    void unknownKmsKeyExitsFourNamingKeyAndBucketAndWritesNoSuccess() {
        Path config = config("test-bucket-2", "badkey", "snapshot-sync.target.encryption.kms-key-id = no-such-key-id");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.err().contains("'no-such-key-id'"), result.toString());
        assertTrue(result.err().contains("'test-bucket-2'"), result.toString());
        List<String> keys = S3Http.list("test-bucket-2", "badkey/");
        assertFalse(keys.stream().anyMatch(k -> k.endsWith("_SUCCESS")), keys.toString());
        assertFalse(keys.stream().anyMatch(k -> k.contains("snapshot_date=")), keys.toString());
        assertFalse(result.err().contains(db.readerPassword()), "password leaked: " + result);
    }

    @Test
    void wrongCaExitsThreeSayingTheCertificateCouldNotBeVerified() {
        String otherCa = TestEnv.get("pg.other.ca");
        Path config = config("test-bucket", "wrongca", "snapshot-sync.source.ssl.root-cert = \"" + otherCa + "\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("could not be verified"), result.toString());
        assertTrue(result.err().contains(TestEnv.get("pg.host")), result.toString());
        assertTrue(result.err().contains(otherCa), result.toString());
        DayObjects.assertNothingPublished("test-bucket", "wrongca/");
    }

    @Test
    void plaintextConnectionIsRefusedByTheServer() {
        Path config = config("test-bucket", "plain",
                "snapshot-sync.source.ssl { mode = disable, allow-insecure = true }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("refuses connections without TLS"), result.toString());
        assertFalse(result.err().contains(db.readerPassword()), "password leaked: " + result);
    }

    @Test
    void plaintextWithoutExplicitPermissionIsAConfigurationError() {
        Path config = config("test-bucket", "plain", "snapshot-sync.source.ssl.mode = disable");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("'disable'"), result.toString());
        assertTrue(result.err().contains("allow-insecure"), result.toString());
    }

    @Test
    void badConfigurationExitsTwoNamingEveryMistake() {
        Path config = config("test-bucket", "badconf", """
                snapshot-sync.source.port = "fifty"
                snapshot-sync.target.format = parket
                snapshot-sync.target.csv.delimeter = ";"
                """);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("3 problems"), result.toString());
        assertTrue(result.err().contains("'fifty' for 'snapshot-sync.source.port'"), result.toString());
        assertTrue(result.err().contains("'parket' for 'snapshot-sync.target.format'"), result.toString());
        assertTrue(result.err().contains("unknown key 'snapshot-sync.target.csv.delimeter'"), result.toString());
        assertTrue(result.err().contains("job.conf"), "origin of the mistakes not named: " + result);
    }

    @Test
    void missingTableExitsTwoNamingTableAndConfigPath() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket", "missing"),
                "snapshot-sync.tables { items {}, ghosts {} }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("'public.ghosts'"), result.toString());
        assertTrue(result.err().contains("snapshot-sync.tables.ghosts"), result.toString());
        DayObjects.assertNothingPublished("test-bucket", "missing/");
    }

    @Test
    void invalidDateIsAUsageError() {
        Path config = config("test-bucket", "baddate", "");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-13-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("'2026-13-01' for '--date'"), result.toString());
    }
}
