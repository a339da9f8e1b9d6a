package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions only read; the CA bundle may come from a file, the classpath or S3, and may hold many CAs. */
class SourceSecurityTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("source_security");
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
                "INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 50) g");
    }

    private Path config(String prefix, String extra) {
        return TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { accounts {} }", extra);
    }

    private PgConnections connections(String extra) {
        Settings settings = SettingsLoader.load(SettingsLoader.parseFile(config("unused", extra).toFile()),
                SettingsLoader.parseOverrides(List.of()));
        return PgConnections.resolve(settings.source(), new Configuration());
    }

    @Test
    void jobSessionsRefuseWritesTwice() throws SQLException {
        try (Connection connection = connections("").open(); Statement st = connection.createStatement()) {
            SQLException readOnly = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO accounts VALUES (1000, 'x')"));
            assertEquals("25006", readOnly.getSQLState(), readOnly.getMessage());
            // Even a session that turned read-only off cannot write: the role may only SELECT.
            st.execute("SET default_transaction_read_only = off");
            SQLException denied = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO accounts VALUES (1000, 'x')"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage());
        }
    }

    @Test
    void bundleOfSeveralCasVerifiesTheServer() {
        Path config = config("bundle", "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.ca.bundle") + "\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(0, result.exitCode(), result.toString());
    }

    @Test
    void caBundleFromS3ReachesEveryExecutor() throws IOException {
        S3Http.put(BUCKET, "certs/ca.pem", Files.readAllBytes(Path.of(TestEnv.get("pg.ca"))));
        Path config = config("s3ca", "snapshot-sync.source.ssl.root-cert = \"s3a://" + BUCKET + "/certs/ca.pem\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(0, result.exitCode(), result.toString());
    }

    @Test
    void caBundleFromTheClasspath() throws IOException {
        Path resources = Files.createDirectories(dir.resolve("resources/certs"));
        Files.copy(Path.of(TestEnv.get("pg.ca")), resources.resolve("db-ca.pem"));
        Path config = config("classpathca", "snapshot-sync.source.ssl.root-cert = \"classpath:certs/db-ca.pem\"");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("resources").toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");
            assertEquals(0, result.exitCode(), result.toString());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The test CA's certificate issued again with the same key and name but valid only in 2020: it
     * still verifies the server certificate's signature, and only its dates make it unusable. Java's
     * PKIX checks do not look at a trust anchor's dates; libpq (OpenSSL) does, and so must we.
     */
    @Test
    void serverCertificateIssuedByAnExpiredCaIsRefused() throws Exception {
        Path expired = expiredCopyOfTheTestCa();
        Path config = config("expiredca", "snapshot-sync.source.ssl.root-cert = \"" + expired + "\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("the server's certificate chain is not valid now: the CA certificate "
                + "'CN=snapshot-sync test CA' that issued the server certificate is valid only from "
                + "2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z. libpq refuses it too."), result.toString());
    }

    private Path expiredCopyOfTheTestCa() throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("expired-ca"));
        Path caKey = Path.of(TestEnv.get("test.env.dir"), "certs", "ca.key");
        Files.writeString(work.resolve("index.txt"), "");
        Files.writeString(work.resolve("serial"), "01\n");
        Files.writeString(work.resolve("ca.cnf"), """
                [ca]
                default_ca = d
                [d]
                database = index.txt
                new_certs_dir = .
                serial = serial
                default_md = sha256
                policy = p
                x509_extensions = ext
                unique_subject = no
                [p]
                commonName = supplied
                [ext]
                basicConstraints = critical,CA:true
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                """);
        openssl(work, "x509", "-x509toreq", "-in", TestEnv.get("pg.ca"), "-signkey", caKey.toString(), "-out", "ca.csr");
        openssl(work, "ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", caKey.toString(), "-in", "ca.csr",
                "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-out", "expired.pem");
        return work.resolve("expired.pem");
    }

    private static void openssl(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
    }

    @Test
    void missingCaFileIsAConfigurationErrorNamingTheFile() {
        Path config = config("noca", "snapshot-sync.source.ssl.root-cert = \"/nonexistent/rds-ca.pem\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("CA file '/nonexistent/rds-ca.pem' for 'snapshot-sync.source.ssl.root-cert'"),
                result.toString());
    }

    @Test
    void missingCaObjectInS3IsAConfigurationErrorNamingIt() {
        Path config = config("nos3ca", "snapshot-sync.source.ssl.root-cert = \"s3a://" + BUCKET + "/certs/none.pem\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("cannot read CA file 's3a://" + BUCKET + "/certs/none.pem'"), result.toString());
    }

    @Test
    void fileThatHoldsNoCertificateIsRejected() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.pem"), "not a certificate\n");
        Path config = config("bogusca", "snapshot-sync.source.ssl.root-cert = \"" + bogus + "\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-06-01");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("holds no usable PEM certificate"), result.toString());
    }
}
