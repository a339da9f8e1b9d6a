package dev.snapshotsync.sink;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.tls.CaBundle;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Puts the target's S3 and encryption settings into the Hadoop configuration as S3A per-bucket
 * options ({@code fs.s3a.bucket.<bucket>.*}), so they apply to this bucket only and every object
 * S3A writes (data, manifest, _SUCCESS, copies on rename) is encrypted the same way.
 * See hadoop-aws "Configuring different S3 buckets" and "Working with Encrypted S3 Data".
 */
public final class S3aConfigurer {
    /** The class EMR configures for {@code s3://} when EMRFS is the connector. */
    public static final String EMRFS = "com.amazon.ws.emr.hadoop.fs.EmrFileSystem";
    static final String CA_SETTING = "snapshot-sync.target.s3.ca-bundle";
    /** Per-bucket S3A options that carry target.s3.ca-bundle; S3A copies them to fs.s3a.* for the bucket. */
    static final String CLIENT_FACTORY = "s3.client.factory.impl";
    static final String CA_PEM = PemTrustS3ClientFactory.PEM_KEY.substring("fs.s3a.".length());
    static final String STS_URI_BUILDER = "software.amazon.awssdk.thirdparty.org.apache.http.client.utils.URIBuilder";

    private S3aConfigurer() {}

    public static void apply(Configuration conf, TargetSettings target) {
        TargetLocation location = TargetLocation.of(target);
        if (!location.isS3()) {
            return;
        }
        serveS3SchemeWithS3a(conf);
        requireStsEndpointSupport(conf, target);
        String caPem = caBundlePem(conf, target);
        // A separate control bucket gets the connection and encryption settings, not the
        // delivery ones: it is the job's own bucket, written with the job's own credentials.
        if (!location.controlSharesBucket()) {
            applyToBucket(conf, location.controlBucket(), connectionOptions(target), caPem);
        }
        applyToBucket(conf, location.bucket(), options(target), caPem);
        if (EMRFS.equals(conf.get("fs.s3.impl")) && target.encryption().mode() == EncryptionMode.SSE_KMS) {
            // EMRFS serves s3:// on EMR before 7.10 and ignores fs.s3a.*; its own keys (emrfs-site) apply
            // to every bucket, which is why a security configuration is the better place on shared clusters.
            // https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-emrfs-encryption.html
            conf.set("fs.s3.enableServerSideEncryption", "true");
            conf.set("fs.s3.serverSideEncryption.kms.keyId", target.encryption().kmsKeyId());
        }
    }

    /**
     * S3A turns fs.s3a.assumed.role.sts.endpoint into a URI with a class that only the AWS SDK's
     * bundle jar has (its shaded Apache HttpClient); with the SDK's separate modules on the class
     * path (this project's local launcher) the provider fails with NoClassDefFoundError. hadoop-aws
     * 3.4 declares the bundle as its SDK. Said here, before any S3 call, naming the key.
     */
    private static void requireStsEndpointSupport(Configuration conf, TargetSettings target) {
        var role = target.s3().assumedRole();
        if (!role.enabled() || role.stsEndpoint().isEmpty()) {
            return;
        }
        try {
            Class.forName(STS_URI_BUILDER, false, conf.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw ConfigurationException.of("STS endpoint '" + role.stsEndpoint() + "' for 'snapshot-sync.target.s3."
                    + "assumed-role.sts-endpoint' needs the AWS SDK v2 bundle jar (software.amazon.awssdk:bundle) on "
                    + "the class path: S3A builds the endpoint with its class " + STS_URI_BUILDER + " (hadoop-aws 3.4 "
                    + "declares the bundle as its SDK). Add it, or leave sts-endpoint and sts-region empty (the SDK "
                    + "then takes AWS_REGION, and AWS_ENDPOINT_URL_STS if set).");
        }
    }

    private static void applyToBucket(Configuration conf, String bucket, Map<String, String> options, String caPem) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        // What an earlier run in this JVM set for the bucket and this one does not ask for goes.
        if (DeliveryOptions.PROVIDER.equals(conf.get(prefix + DeliveryOptions.CREDENTIALS_PROVIDER))
                && !options.containsKey(DeliveryOptions.CREDENTIALS_PROVIDER)) {
            conf.unset(prefix + DeliveryOptions.CREDENTIALS_PROVIDER);
        }
        DeliveryOptions.ROLE_KEYS.stream().filter(key -> !options.containsKey(key))
                .forEach(key -> conf.unset(prefix + key));
        options.forEach((key, value) -> conf.set(prefix + key, value));
        if (!caPem.isEmpty()) {
            conf.set(prefix + CLIENT_FACTORY, PemTrustS3ClientFactory.class.getName());
            conf.set(prefix + CA_PEM, caPem);
        } else if (PemTrustS3ClientFactory.class.getName().equals(conf.get(prefix + CLIENT_FACTORY))) {
            conf.unset(prefix + CLIENT_FACTORY);
            conf.unset(prefix + CA_PEM);
        }
    }

    /**
     * The CA bundle is read here, on the driver, once for the data and the control bucket, and its
     * text goes into the Hadoop configuration,
     * which reaches every executor; {@link PemTrustS3ClientFactory} builds the trust from it in each
     * JVM. A bundle that cannot be read or holds no certificate is a configuration error (exit 2).
     */
    private static String caBundlePem(Configuration conf, TargetSettings target) {
        String caBundle = target.s3().caBundle();
        if (caBundle.isEmpty()) {
            return "";
        }
        if (EMRFS.equals(conf.get("fs.s3.impl")) && target.uri().startsWith("s3://")) {
            throw ConfigurationException.of("CA bundle '" + caBundle + "' for '" + CA_SETTING + "' applies to S3A, "
                    + "but EMRFS serves target.uri '" + target.uri() + "'. Use an s3a:// target URI.");
        }
        return CaBundle.load(CA_SETTING, caBundle, conf).pem();
    }

    /** Applies the target's settings and opens its file system; a failure says what to fix (exit 4). */
    public static FileSystem open(Configuration conf, TargetSettings target) {
        apply(conf, target);
        try {
            return fileSystem(conf, target);
        } catch (IOException | RuntimeException e) {
            throw TargetErrors.translate(e, target, "opening");
        }
    }

    /** Outside EMR and Glue nothing serves {@code s3://}; let S3A serve it. */
    public static void serveS3SchemeWithS3a(Configuration conf) {
        if (conf.get("fs.s3.impl") == null) {
            conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        }
    }

    /** Every S3A option of the data bucket: connection, encryption and delivery (assumed role, ACL). */
    static Map<String, String> options(TargetSettings target) {
        Map<String, String> options = connectionOptions(target);
        options.putAll(DeliveryOptions.of(target.s3()));
        return options;
    }

    /** The options every bucket of the target gets: endpoint, credentials, encryption. */
    static Map<String, String> connectionOptions(TargetSettings target) {
        Map<String, String> options = new LinkedHashMap<>();
        var s3 = target.s3();
        if (!s3.endpoint().isEmpty()) {
            options.put("endpoint", s3.endpoint());
            options.put("connection.ssl.enabled", Boolean.toString(s3.endpoint().startsWith("https://")));
        }
        if (!s3.region().isEmpty()) {
            options.put("endpoint.region", s3.region());
        }
        options.put("path.style.access", Boolean.toString(s3.pathStyleAccess()));
        if (!s3.accessKey().isEmpty()) {
            options.put("aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            options.put("access.key", s3.accessKey());
            options.put("secret.key", s3.secretKey().reveal());
        }
        if (target.encryption().mode() == EncryptionMode.SSE_KMS) {
            options.put("encryption.algorithm", "SSE-KMS");
            options.put("encryption.key", target.encryption().kmsKeyId());
        } else {
            options.put("encryption.algorithm", "");
            options.put("encryption.key", "");
        }
        options.put("acl.default", "");
        return options;
    }

    /**
     * Hadoop caches one FileSystem per bucket for the life of the JVM, holding the settings it was
     * created with. When a long-lived session (a notebook, a test JVM, a Glue interactive session)
     * runs again with other settings, drop the stale instance so the next use picks them up.
     */
    public static FileSystem fileSystem(Configuration conf, TargetSettings target) throws IOException {
        return fileSystem(conf, target, target.uri(), options(target));
    }

    /**
     * The file system of the job's own objects (target.control-uri): the data's when they share a
     * bucket. Opened after {@link #open}, which applied the settings of both buckets.
     */
    public static FileSystem controlFileSystem(Configuration conf, TargetSettings target) {
        boolean shared = TargetLocation.of(target).controlSharesBucket();
        try {
            return shared ? fileSystem(conf, target, target.controlUri(), options(target))
                    : fileSystem(conf, target, target.controlUri(), connectionOptions(target));
        } catch (IOException | RuntimeException e) {
            throw TargetErrors.translateControl(e, target, "opening");
        }
    }

    private static FileSystem fileSystem(Configuration conf, TargetSettings target, String root,
                                         Map<String, String> options) throws IOException {
        URI uri = URI.create(root);
        TargetLocation location = new TargetLocation(root);
        String prefix = "fs.s3a.bucket." + location.bucket() + ".";
        if (location.isS3() && !target.s3().endpoint().isEmpty()) {
            EndpointTrustCheck.verify(target.s3().endpoint(), conf.get(prefix + CA_PEM, ""));
        }
        FileSystem fs = FileSystem.get(uri, conf);
        if (location.isS3()) {
            List<String> keys = new ArrayList<>(options.keySet());
            keys.addAll(List.of(CLIENT_FACTORY, CA_PEM));
            for (String key : keys) {
                String effective = fs.getConf().get("fs.s3a." + key, "");
                String wanted = conf.get(prefix + key, conf.get("fs.s3a." + key, ""));
                if (!Objects.equals(effective, wanted)) {
                    fs.close();
                    return FileSystem.get(uri, conf);
                }
            }
        }
        return fs;
    }
}
