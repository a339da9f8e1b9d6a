package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LogCapture;
import dev.snapshotsync.testing.MotoAws;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database credentials from a Secrets Manager secret and from a Glue connection (moto plays both
 * services), their failures, and the WARN for TLS below verify-full. The reader role's password is
 * only ever in the secret or the connection, never in the job's configuration, and never printed.
 */
class CredentialsExportTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String DATE = "2026-04-01";
    private static final String TABLES = "snapshot-sync.tables { items {} }";
    private static final String SECRET_KEY = "for 'snapshot-sync.source.credentials.secret-id'";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("credentials");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5) g");
    }

    /** The server and TLS settings, without any login. */
    private static String server() {
        return "snapshot-sync.source { host = \"%s\", port = %d, database = \"%s\", ssl.root-cert = \"%s\" }"
                .formatted(TestEnv.get("pg.host"), TestEnv.pgPort(), db.name(), TestEnv.get("pg.ca"));
    }

    private static String tlsOnly() {
        return "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.ca") + "\"";
    }

    private Path job(String prefix, String... source) throws IOException {
        Path config = TestConfig.write(dir, "job.conf", String.join("\n", source), TestConfig.target(BUCKET, prefix),
                TABLES);
        assertFalse(Files.readString(config).contains(db.readerPassword()), "the password must come only from AWS");
        return config;
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://" + TestEnv.get("pg.host") + ":" + TestEnv.pgPort() + "/" + db.name();
    }

    private static Cli.Result run(Path config) {
        return Cli.run("export", "--config", config.toString(), "--date", DATE);
    }

    private record Logged(Cli.Result result, List<String> log) {}

    /** Runs the export, collecting what snapshot-sync logs meanwhile. */
    private static Logged export(Path config) {
        try (LogCapture capture = LogCapture.start()) {
            Cli.Result result = run(config);
            return new Logged(result, capture.lines());
        }
    }

    private static void assertExported(Cli.Result result, String prefix) {
        assertEquals(0, result.exitCode(), result.toString());
        CsvDay day = CsvDay.read(BUCKET, prefix + "/items/snapshot_date=" + DATE + "/");
        assertEquals(List.of("id", "label"), day.header());
        assertEquals(5, day.rows().size(), day.toString());
        assertTrue(S3Http.list(BUCKET, prefix + "/items/snapshot_date=" + DATE + "/").contains(
                prefix + "/items/snapshot_date=" + DATE + "/_SUCCESS"));
    }

    private static void assertNotPrinted(String secret, Cli.Result result, List<String> log) {
        assertFalse(result.out().contains(secret) || result.err().contains(secret), "secret printed: " + result);
        assertFalse(log.toString().contains(secret), "secret logged: " + log);
    }

    @Test
    void exportsWithTheLoginFromASecret() throws IOException {
        String secret = MotoAws.uniqueName("prod/shop/reader");
        MotoAws.createSecret(secret, MotoAws.databaseSecret(db.reader(), db.readerPassword()));
        Path config = job("secret", server(), MotoAws.credentials("secret-id = \"" + secret + "\""));

        Logged run = export(config);
        Cli.Result result = run.result();
        List<String> log = run.log();

        assertExported(result, "secret");
        assertTrue(log.contains("INFO source: user '" + db.reader() + "' and password from secret '" + secret + "'"),
                log.toString());
        assertFalse(log.toString().contains("weaker than verify-full"), log.toString());
        assertNotPrinted(db.readerPassword(), result, log);
    }

    @Test
    void exportsWithServerAndLoginFromAGlueConnection() throws IOException {
        String connection = MotoAws.uniqueName("shop-db");
        MotoAws.createGlueConnection(connection, Map.of("JDBC_CONNECTION_URL", jdbcUrl(), "USERNAME", db.reader(),
                "PASSWORD", db.readerPassword(), "JDBC_ENFORCE_SSL", "true"));
        Path config = job("glue", tlsOnly(), MotoAws.credentials("glue-connection = \"" + connection + "\""));

        Logged run = export(config);
        Cli.Result result = run.result();
        List<String> log = run.log();

        assertExported(result, "glue");
        assertTrue(log.contains("INFO source: server " + TestEnv.get("pg.host") + ":" + TestEnv.pgPort() + "/"
                + db.name() + ", user '" + db.reader() + "' and password from Glue connection '" + connection + "'"),
                log.toString());
        assertNotPrinted(db.readerPassword(), result, log);
    }

    @Test
    void exportsWithAGlueConnectionThatNamesASecret() throws IOException {
        String secret = MotoAws.uniqueName("glue/shop/reader");
        MotoAws.createSecret(secret, MotoAws.databaseSecret(db.reader(), db.readerPassword()));
        String connection = MotoAws.uniqueName("shop-db-secret");
        MotoAws.createGlueConnection(connection, Map.of("JDBC_CONNECTION_URL", jdbcUrl(), "SECRET_ID", secret));
        Path config = job("gluesecret", tlsOnly(), MotoAws.credentials("glue-connection = \"" + connection + "\""));

        Cli.Result result = run(config);

        assertExported(result, "gluesecret");
        assertNotPrinted(db.readerPassword(), result, List.of());
    }

    @Test
    void aMissingSecretExitsThreeNamingItAndThePermission() throws IOException {
        String secret = MotoAws.uniqueName("no/such/secret");
        Path config = job("nosecret", server(), MotoAws.credentials("secret-id = \"" + secret + "\""));

        Cli.Result result = run(config);

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("source: no such secret '" + secret + "' " + SECRET_KEY + " in region '"
                + TestEnv.get("aws.region") + "' (ResourceNotFoundException: Secrets Manager can't find the specified "
                + "secret.). Give the secret's name or ARN and check snapshot-sync.source.credentials.region; the "
                + "job's role needs secretsmanager:GetSecretValue on it."), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "nosecret/");
    }

    @Test
    void aMalformedSecretExitsTwoNamingTheFieldAndNeverPrintingTheSecret() throws IOException {
        String misspelt = MotoAws.uniqueName("misspelt");
        MotoAws.createSecret(misspelt, "{\"username\": \"" + db.reader() + "\", \"pasword\": \""
                + db.readerPassword() + "\"}");
        String notJson = MotoAws.uniqueName("not-json");
        MotoAws.createSecret(notJson, "username=" + db.reader() + "\npassword=" + db.readerPassword());

        Cli.Result missingField = run(job("badsecret", server(),
                MotoAws.credentials("secret-id = \"" + misspelt + "\"")));
        Cli.Result invalid = run(job("badsecret", server(), MotoAws.credentials("secret-id = \"" + notJson + "\"")));

        String allowed = ". Allowed: a JSON object with the string fields username and password, as in "
                + "{\"username\": \"...\", \"password\": \"...\"}. Fix the secret's value in Secrets Manager (its "
                + "content is never printed).";
        assertEquals(2, missingField.exitCode(), missingField.toString());
        assertTrue(missingField.err().contains("configuration: malformed secret '" + misspelt + "' " + SECRET_KEY
                + ": it has no 'password' field" + allowed), missingField.toString());
        assertNotPrinted(db.readerPassword(), missingField, List.of());
        assertEquals(2, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.err().contains("configuration: malformed secret '" + notJson + "' " + SECRET_KEY
                + ": it is not valid JSON" + allowed), invalid.toString());
        assertNotPrinted(db.readerPassword(), invalid, List.of());
        DayObjects.assertNothingPublished(BUCKET, "badsecret/");
    }

    @Test
    void aWrongPasswordInTheSecretExitsThreeNamingTheSecret() throws IOException {
        String wrong = "wrong-" + db.readerPassword();
        String secret = MotoAws.uniqueName("stale");
        MotoAws.createSecret(secret, MotoAws.databaseSecret(db.reader(), wrong));
        Path config = job("wrongpw", server(), MotoAws.credentials("secret-id = \"" + secret + "\""));

        Logged run = export(config);
        Cli.Result result = run.result();
        List<String> log = run.log();

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("password authentication failed for user '" + db.reader() + "'. Check the "
                + "password of secret '" + secret + "' " + SECRET_KEY + "."), result.toString());
        assertNotPrinted(wrong, result, log);
        DayObjects.assertNothingPublished(BUCKET, "wrongpw/");
    }

    @Test
    void aMissingGlueConnectionExitsThreeNamingThePermission() throws IOException {
        String connection = MotoAws.uniqueName("no-such-connection");
        Path config = job("noglue", tlsOnly(), MotoAws.credentials("glue-connection = \"" + connection + "\""));

        Cli.Result result = run(config);

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("source: no such Glue connection '" + connection + "' for "
                + "'snapshot-sync.source.credentials.glue-connection' in region '" + TestEnv.get("aws.region") + "' "
                + "(EntityNotFoundException: Connection " + connection + " not found). Give the Glue connection's name "
                + "and check snapshot-sync.source.credentials.region; the job's role needs glue:GetConnection on it."),
                result.toString());
    }

    @Test
    void aGlueConnectionThatEnforcesSslRejectsSslModeDisable() throws IOException {
        String connection = MotoAws.uniqueName("enforced");
        MotoAws.createGlueConnection(connection, Map.of("JDBC_CONNECTION_URL", jdbcUrl(), "USERNAME", db.reader(),
                "PASSWORD", db.readerPassword(), "JDBC_ENFORCE_SSL", "true"));
        Path config = job("enforced", "snapshot-sync.source.ssl { mode = disable, allow-insecure = true }",
                MotoAws.credentials("glue-connection = \"" + connection + "\""));

        Cli.Result result = run(config);

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("configuration: ssl mode 'disable' for 'snapshot-sync.source.ssl.mode' "
                + "contradicts JDBC_ENFORCE_SSL = true of Glue connection '" + connection + "'. Use verify-full with "
                + "source.ssl.root-cert."), result.toString());
        assertNotPrinted(db.readerPassword(), result, List.of());
    }

    @Test
    void aModeWeakerThanVerifyFullLogsAWarnNamingIt() throws IOException {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "require"), TABLES,
                "snapshot-sync.source.ssl { mode = require, allow-insecure = true }");

        Logged run = export(config);
        Cli.Result result = run.result();
        List<String> log = run.log();

        assertExported(result, "require");
        assertTrue(log.contains("WARN source: ssl mode 'require' for 'snapshot-sync.source.ssl.mode' is weaker than "
                + "verify-full: " + TestEnv.get("pg.host") + ":" + TestEnv.pgPort() + "/" + db.name() + " is read "
                + "without verifying its certificate. Allowed by source.ssl.allow-insecure = true; use verify-full "
                + "with source.ssl.root-cert."), log.toString());
    }
}
