package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sink.S3aConfigurer;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target.s3.ca-bundle}: an HTTPS S3-compatible endpoint signed by a private CA (here the test
 * S3 server and the test CA), trusted through a PEM file alone, in a JVM whose trust store does not
 * hold that CA: the CLI as a user runs it.
 */
class S3CaBundleTest {
    private static final String BUCKET = "test-bucket-2";
    private static final String DATE = "2026-06-01";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("s3_ca_bundle");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 30) g");
    }

    private Path config(String prefix) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix), "snapshot-sync.tables { items {} }");
    }

    @Test
    void anExportTrustsThePrivateCaOfTheS3EndpointFromThePemFileAlone() throws Exception {
        String prefix = "ca-bundle-" + UUID.randomUUID().toString().substring(0, 8);

        // Both runs in one JVM (Spark starts once): first without the bundle, then with it.
        Cli.Result runs = ChildCli.runCommandsAsUserWithoutJvmTrustStore(dir, "export", "--config",
                config(prefix).toString(), "--date", DATE, PlatformCommands.THEN, "export", "--config",
                config(prefix).toString(), "--date", DATE, "--set", "target.s3.ca-bundle=" + TestEnv.caPem());

        // Without the bundle this JVM cannot reach the server: nothing else trusts the test CA. It
        // fails at the first handshake, not after S3A's retries (2.5 minutes).
        List<String> exits = runs.out().lines().filter(l -> l.startsWith("== exit ")).map(l -> l.substring(0, 10)).toList();
        assertEquals(List.of("== exit 4:", "== exit 0:"), exits, runs.toString());
        assertTrue(runs.err().contains("snapshot-sync: target: opening 's3a://" + BUCKET + "/" + prefix + "' failed: "
                + "the certificate of the S3 endpoint '" + TestEnv.s3Endpoint() + "' is not signed by a trusted CA. "
                + "Set target.s3.ca-bundle to the PEM file of the CA that signed it."), runs.toString());
        String day = prefix + "/items/snapshot_date=" + DATE + "/";
        assertTrue(DayObjects.keys(BUCKET, day).contains(day + "_SUCCESS"), runs.toString());
        assertEquals(30, DayObjects.json(BUCKET, day + "_manifest.json").get("rows").get("written").asLong());
        DayObjects.assertAllEncrypted(BUCKET, day);
    }

    @Test
    void aMissingOrUnreadableBundleIsAConfigurationErrorNamingTheFileAndTheSetting() throws Exception {
        String prefix = "ca-bundle-bad-" + UUID.randomUUID().toString().substring(0, 8);
        Path missing = dir.resolve("no-such-ca.pem");
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "not a certificate\n");

        Cli.Result noFile = Cli.run("export", "--config", config(prefix).toString(), "--date", DATE,
                "--set", "target.s3.ca-bundle=" + missing);
        Cli.Result noCertificate = Cli.run("export", "--config", config(prefix).toString(), "--date", DATE,
                "--set", "target.s3.ca-bundle=" + notPem);

        assertEquals(2, noFile.exitCode(), noFile.toString());
        assertTrue(noFile.err().contains("cannot read CA file '" + missing + "' for "
                + "'snapshot-sync.target.s3.ca-bundle': the file does not exist. Give a PEM file as a local path, "
                + "classpath:NAME or an s3:// URI the job may read."), noFile.toString());
        assertEquals(2, noCertificate.exitCode(), noCertificate.toString());
        assertTrue(noCertificate.err().contains("CA file '" + notPem + "' for 'snapshot-sync.target.s3.ca-bundle' "
                + "holds no usable PEM certificate"), noCertificate.toString());
        assertTrue(DayObjects.keys(BUCKET, prefix + "/").isEmpty(), "nothing written");
    }

    /** The bundle is the whole trust for the bucket: here the JVM trusts the test CA, the bundle does not. */
    @Test
    void aBundleOfAnotherCaIsRefusedAtTheFirstHandshake() throws Exception {
        String prefix = "ca-bundle-other-" + UUID.randomUUID().toString().substring(0, 8);
        TargetSettings target = SettingsLoader.load(SettingsLoader.parseText(TestConfig.base(db, BUCKET, prefix)
                + "\nsnapshot-sync.tables { items {} }\n", "job.conf"), SettingsLoader.parseOverrides(List.of(
                "target.s3.ca-bundle=" + TestEnv.get("pg.other.ca")))).target();
        long start = System.nanoTime();

        SnapshotSyncException e = assertThrows(SnapshotSyncException.class,
                () -> S3aConfigurer.open(new Configuration(), target));

        assertEquals(ErrorKind.TARGET, e.kind());
        assertTrue(e.getMessage().endsWith("is not signed by a trusted CA (target.s3.ca-bundle is '"
                + TestEnv.get("pg.other.ca") + "'). Set target.s3.ca-bundle to the PEM file of the CA that signed it."),
                e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "not at once");
    }
}
