package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Coordinates of the servers that {@code scripts/test-servers} started for this run (PostgreSQL
 * with TLS, S3Mock with KMS keys). Tests never start servers themselves and never skip: without
 * the servers they fail, telling how to start them.
 */
public final class TestEnv {
    private TestEnv() {}

    /** Loaded on first use, so that {@link #available()} can ask without failing. */
    private static final class Loaded {
        static final Properties PROPS = load();
    }

    private static Path file() {
        return Path.of(System.getProperty("snapshotsync.test.env", "target/test-env/env.properties"));
    }

    /** True when the servers' coordinates are there; a Spark-only test does not need them. */
    public static boolean available() {
        return Files.isRegularFile(file());
    }

    private static Properties load() {
        Path path = file();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test servers are not running: " + path + " is missing. Run the tests with "
                    + "`make test`, or start the servers with `scripts/test-servers start target/test-env`.");
        }
        ManifestSchemaCheck.serversUsed();
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
        // The AWS SDK trusts the JVM's default trust store; S3Mock's HTTPS uses the test CA.
        System.setProperty("javax.net.ssl.trustStore", props.getProperty("s3.truststore"));
        System.setProperty("javax.net.ssl.trustStorePassword", props.getProperty("s3.truststore.password"));
        System.setProperty("javax.net.ssl.trustStoreType", props.getProperty("s3.truststore.type", "PKCS12"));
        return props;
    }

    public static String get(String key) {
        String value = Loaded.PROPS.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("test environment has no '" + key + "'");
        }
        return value;
    }

    public static int pgPort() {
        return Integer.parseInt(get("pg.port"));
    }

    /** The endpoint the job under test uses: HTTPS, which both Spark lines' SDKs accept with SSE-KMS. */
    public static String s3Endpoint() {
        return get("s3.https.endpoint");
    }

    public static String s3HttpEndpoint() {
        return get("s3.http.endpoint");
    }

    /** The test CA's PEM file: it signed both the PostgreSQL and the S3 server certificates. */
    public static String caPem() {
        return get("pg.ca");
    }

    public static String kmsKey() {
        return get("s3.kms.key");
    }

    /**
     * The S3A settings a user gives for a bucket on an S3-compatible server (here S3Mock), as Spark
     * turns {@code spark.hadoop.<key>} properties into Hadoop configuration: per bucket, so they
     * touch nothing else.
     */
    public static Map<String, String> s3aBucketSettings(String bucket) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "endpoint", s3Endpoint());
        settings.put(prefix + "endpoint.region", get("s3.region"));
        settings.put(prefix + "path.style.access", "true");
        settings.put(prefix + "connection.ssl.enabled", "true");
        settings.put(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put(prefix + "access.key", get("s3.access.key"));
        settings.put(prefix + "secret.key", get("s3.secret.key"));
        return settings;
    }

    public static String sparkProfile() {
        return System.getProperty("snapshotsync.spark.profile", "spark41");
    }
}
