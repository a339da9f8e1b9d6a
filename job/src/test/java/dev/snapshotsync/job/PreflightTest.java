package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 5: preflight passes on a healthy setup and names the fix for each broken part. */
class PreflightTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("preflight");
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY)", "CREATE TABLE secrets (id int)",
                "REVOKE SELECT ON secrets FROM " + db.reader(),
                "CREATE TABLE people (id int PRIMARY KEY, name text, salary numeric)",
                "REVOKE SELECT ON people FROM " + db.reader(),
                "GRANT SELECT (id, name) ON people TO " + db.reader());
    }

    private Cli.Result preflight(String tables, String extra) {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "preflight"),
                "snapshot-sync.tables { " + tables + " }", extra);
        return Cli.run("preflight", "--config", config.toString());
    }

    @Test
    void healthySetupPassesEveryCheckAndLeavesNoObject() {
        Cli.Result result = preflight("accounts {}", "");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("[passed] TLS handshake with 127.0.0.1:" + TestEnv.pgPort() + ": TLSv1."),
                result.toString());
        assertTrue(result.out().contains("server certificate 'CN=localhost' issued by 'CN=snapshot-sync test CA', "
                + "verified (verify-full)"), result.toString());
        assertTrue(result.out().contains("[passed] login as '" + db.reader() + "' to database '" + db.name()
                + "': PostgreSQL 15"), result.toString());
        assertTrue(result.out().contains("[passed] SELECT on public.accounts (table 'accounts'): allowed"),
                result.toString());
        assertTrue(result.out().contains("written, HeadObject shows aws:kms with key '"), result.toString());
        assertTrue(result.out().contains("preflight passed: 4 checks"), result.toString());
        assertTrue(DayObjects.keys(BUCKET, "preflight/_preflight/").isEmpty(), "test object not deleted");
        assertFalse(result.out().contains(db.readerPassword()) || result.err().contains(db.readerPassword()));
    }

    @Test
    void wrongKmsKeyFailsWithTheKeyHint() {
        Cli.Result result = preflight("accounts {}", "snapshot-sync.target.encryption.kms-key-id = no-such-key");

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.out().contains("[passed] SELECT on public.accounts"), result.toString());
        assertTrue(result.err().contains("S3 refused the KMS key 'no-such-key' for bucket '" + BUCKET
                + "'. Check target.encryption.kms-key-id"), result.toString());
    }

    @Test
    void wrongCaFailsWithTheCertificateHintAndSkipsTheDatabaseSteps() {
        Cli.Result result = preflight("accounts {}",
                "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.other.ca") + "\"");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("could not be verified against the CA file '" + TestEnv.get("pg.other.ca")
                + "' (source.ssl.root-cert)"), result.toString());
        assertTrue(result.out().contains("[skipped] login"), result.toString());
        assertTrue(result.out().contains("[passed] test object"), result.toString());
    }

    @Test
    void missingTableAndMissingGrantFailWithTheirOwnHints() {
        Cli.Result result = preflight("accounts {}, ghosts {}, secrets {}", "");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("table 'public.ghosts' for 'snapshot-sync.tables.ghosts' does not exist"),
                result.toString());
        assertTrue(result.err().contains("permission denied for '" + db.reader() + "' (ERROR: permission denied for "
                + "table secrets). Ask for GRANT USAGE ON SCHEMA \"public\" and GRANT SELECT ON \"public\".\"secrets\" "
                + "(or on the columns the contract reads) TO " + db.reader()), result.toString());
        assertTrue(result.out().contains("preflight failed: 2 of 6 checks failed"), result.toString());
    }

    @Test
    void contractColumnsAreCheckedNotEveryColumn() {
        Cli.Result leftOut = preflight("people { columns = [id, name], drift = ignore }", "");
        Cli.Result everything = preflight("people {}", "");

        assertEquals(0, leftOut.exitCode(), leftOut.toString());
        assertTrue(leftOut.out().contains("[passed] SELECT on public.people (table 'people'): allowed"),
                leftOut.toString());
        assertEquals(3, everything.exitCode(), everything.toString());
        assertTrue(everything.err().contains("permission denied for table people"), everything.toString());
    }

    @Test
    void theThreeHintsDiffer() {
        String key = hint(preflight("accounts {}", "snapshot-sync.target.encryption.kms-key-id = no-such-key"));
        String ca = hint(preflight("accounts {}",
                "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.other.ca") + "\""));
        String table = hint(preflight("ghosts {}", ""));
        assertNotEquals(key, ca);
        assertNotEquals(ca, table);
        assertNotEquals(key, table);
    }

    private static String hint(Cli.Result result) {
        return result.err().lines().filter(l -> l.startsWith("snapshot-sync: preflight:")).findFirst().orElseThrow();
    }
}
