package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3aConfigurerTest {
    private static final String CA = "classpath:tls/unit-test-ca.pem";

    @TempDir
    Path dir;
    private static TargetSettings target(String... overrides) {
        Settings settings = SettingsLoader.load(SettingsLoader.parseText("""
                snapshot-sync {
                  source { host = db, database = shop, user = reader, password = pw, ssl.mode = require,
                           ssl.allow-insecure = true }
                  target { uri = "s3://exports/shop", encryption.kms-key-id = "1234abcd-key" }
                  tables { orders {} }
                }""", "test.conf"), SettingsLoader.parseOverrides(List.of(overrides)));
        return settings.target();
    }

    @Test
    void s3aGetsTheKeyPerBucket() {
        Configuration conf = new Configuration(false);

        S3aConfigurer.apply(conf, target());

        assertEquals("SSE-KMS", conf.get("fs.s3a.bucket.exports.encryption.algorithm"));
        assertEquals("1234abcd-key", conf.get("fs.s3a.bucket.exports.encryption.key"));
        assertEquals("org.apache.hadoop.fs.s3a.S3AFileSystem", conf.get("fs.s3.impl"));
        assertNull(conf.get("fs.s3.serverSideEncryption.kms.keyId"));
    }

    @Test
    void emrfsGetsItsOwnKeysWhenItServesS3() {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3.impl", S3aConfigurer.EMRFS);

        S3aConfigurer.apply(conf, target());

        assertEquals(S3aConfigurer.EMRFS, conf.get("fs.s3.impl"));
        assertEquals("true", conf.get("fs.s3.enableServerSideEncryption"));
        assertEquals("1234abcd-key", conf.get("fs.s3.serverSideEncryption.kms.keyId"));
    }

    @Test
    void encryptionNoneWritesUnencrypted() {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3.impl", S3aConfigurer.EMRFS);

        S3aConfigurer.apply(conf, target("target.encryption.mode=none"));

        assertEquals("", conf.get("fs.s3a.bucket.exports.encryption.algorithm"));
        assertNull(conf.get("fs.s3.enableServerSideEncryption"));
    }

    @Test
    void caBundleTravelsAsPemTextWithTheClientFactoryForTheTargetBucketOnly() throws IOException {
        Configuration conf = new Configuration(false);

        S3aConfigurer.apply(conf, target("target.s3.endpoint=https://s3.internal:9000", "target.s3.ca-bundle=" + CA));

        assertEquals(PemTrustS3ClientFactory.class.getName(), conf.get("fs.s3a.bucket.exports.s3.client.factory.impl"));
        assertEquals(resource("tls/unit-test-ca.pem"), conf.get("fs.s3a.bucket.exports.snapshot-sync.ca-bundle.pem"));
        assertNull(conf.get("fs.s3a.s3.client.factory.impl"), "other buckets keep S3A's own client factory");

        S3aConfigurer.apply(conf, target("target.s3.endpoint=https://s3.internal:9000"));

        assertNull(conf.get("fs.s3a.bucket.exports.s3.client.factory.impl"), "a later run without the bundle");
        assertNull(conf.get("fs.s3a.bucket.exports.snapshot-sync.ca-bundle.pem"));
    }

    @Test
    void aMissingCaFileIsAConfigurationErrorNamingFileAndSetting() {
        String missing = dir.resolve("no-such-ca.pem").toString();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> S3aConfigurer.apply(
                new Configuration(false), target("target.s3.ca-bundle=" + missing)));

        assertEquals(ErrorKind.CONFIGURATION, e.kind());
        assertEquals("configuration: cannot read CA file '" + missing + "' for 'snapshot-sync.target.s3.ca-bundle': "
                + "the file does not exist. Give a PEM file as a local path, classpath:NAME or an s3:// URI the job may "
                + "read.", e.getMessage());
    }

    @Test
    void aFileWithoutPemCertificatesIsAConfigurationError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> S3aConfigurer.apply(
                new Configuration(false), target("target.s3.ca-bundle=" + notPem)));

        assertTrue(e.getMessage().startsWith("configuration: CA file '" + notPem + "' for "
                + "'snapshot-sync.target.s3.ca-bundle' holds no usable PEM certificate ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("). Give the PEM bundle of the CA that signed the server certificate."),
                e.getMessage());
    }

    @Test
    void aCaBundleNeedsAnHttpsEndpoint() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> target(
                "target.s3.endpoint=http://127.0.0.1:9000", "target.s3.ca-bundle=" + CA));

        assertTrue(e.getMessage().contains("CA bundle '" + CA + "' for 'snapshot-sync.target.s3.ca-bundle' needs an "
                + "https:// endpoint, but 'snapshot-sync.target.s3.endpoint' is 'http://127.0.0.1:9000'."),
                e.getMessage());
    }

    @Test
    void emrfsCannotUseTheCaBundle() {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3.impl", S3aConfigurer.EMRFS);

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> S3aConfigurer.apply(conf, target("target.s3.ca-bundle=" + CA)));

        assertTrue(e.getMessage().contains("applies to S3A, but EMRFS serves target.uri 's3://exports/shop'. Use an "
                + "s3a:// target URI."), e.getMessage());
    }

    @Test
    void anAssumedRoleAndTheCannedAclGoToTheDataBucketOnlyAndLeaveWhenNoLongerAsked() {
        Configuration conf = new Configuration(false);
        String role = "target.s3.assumed-role.arn=arn:aws:iam::210987654321:role/delivery";

        S3aConfigurer.apply(conf, target(role, "target.s3.assumed-role.external-id=partner-7f3a",
                "target.s3.canned-acl=bucket-owner-full-control", "target.control-uri=s3://job-bucket/control"));

        String data = "fs.s3a.bucket.exports.";
        assertEquals("org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider",
                conf.get(data + "aws.credentials.provider"));
        assertEquals("arn:aws:iam::210987654321:role/delivery", conf.get(data + "assumed.role.arn"));
        assertEquals("snapshot-sync", conf.get(data + "assumed.role.session.name"));
        assertEquals("partner-7f3a", conf.get(data + "assumed.role.external.id"));
        assertNull(conf.get(data + "assumed.role.sts.endpoint"), "S3A's default: the SDK's endpoint for the region");
        assertEquals("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
                conf.get(data + "assumed.role.credentials.provider"));
        assertEquals("BucketOwnerFullControl", conf.get(data + "acl.default"));
        // The control bucket is the job's own: its encryption, none of the delivery settings.
        String control = "fs.s3a.bucket.job-bucket.";
        assertEquals("1234abcd-key", conf.get(control + "encryption.key"));
        assertNull(conf.get(control + "assumed.role.arn"));
        assertNull(conf.get(control + "aws.credentials.provider"));
        assertEquals("", conf.get(control + "acl.default"));

        S3aConfigurer.apply(conf, target());

        assertNull(conf.get(data + "aws.credentials.provider"));
        assertNull(conf.get(data + "assumed.role.arn"));
        assertNull(conf.get(data + "assumed.role.external.id"));
        assertEquals("", conf.get(data + "acl.default"));
    }

    @Test
    void anStsEndpointGoesToS3aWithItsRegion() {
        var s3 = target("target.s3.assumed-role.arn=arn:aws:iam::210987654321:role/delivery",
                "target.s3.assumed-role.sts-endpoint=sts.eu-west-1.amazonaws.com",
                "target.s3.assumed-role.sts-region=eu-west-1").s3();

        assertEquals("sts.eu-west-1.amazonaws.com", DeliveryOptions.of(s3).get("assumed.role.sts.endpoint"));
        assertEquals("eu-west-1", DeliveryOptions.of(s3).get("assumed.role.sts.endpoint.region"));
    }

    /** This module's test class path has the SDK's separate modules, not its bundle, as the local launcher does. */
    @Test
    void anStsEndpointWithoutTheSdkBundleIsAConfigurationErrorNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> S3aConfigurer.apply(
                new Configuration(false), target("target.s3.assumed-role.arn=arn:aws:iam::210987654321:role/delivery",
                        "target.s3.assumed-role.sts-endpoint=sts.eu-west-1.amazonaws.com",
                        "target.s3.assumed-role.sts-region=eu-west-1")));

        assertTrue(e.getMessage().contains("STS endpoint 'sts.eu-west-1.amazonaws.com' for 'snapshot-sync.target.s3."
                + "assumed-role.sts-endpoint' needs the AWS SDK v2 bundle jar"), e.getMessage());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = S3aConfigurerTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
