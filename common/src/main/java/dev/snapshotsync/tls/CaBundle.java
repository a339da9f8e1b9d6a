package dev.snapshotsync.tls;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * CA certificates that verify a server (the database, or an S3-compatible endpoint), read once on
 * the driver from a local file, a classpath resource ({@code classpath:rds/global-bundle.pem}) or
 * an S3 object, and handed to every executor as text (in the connection properties, or in the
 * Hadoop configuration): Glue and EMR executors cannot see the driver's local files. A bundle of
 * many certificates (the RDS global bundle) is accepted.
 */
public record CaBundle(String location, String pem, int certificates) {
    public CaBundle {
        requireNonNull(location, "location is null");
        requireNonNull(pem, "pem is null");
    }

    /** Reads the bundle named by the setting {@code setting} (its full path, for the error message). */
    public static CaBundle load(String setting, String location, Configuration hadoopConf) {
        byte[] bytes;
        try {
            bytes = read(location, hadoopConf);
        } catch (IOException e) {
            throw ConfigurationException.of("cannot read CA file '" + location + "' for '" + setting + "': "
                    + Causes.firstLine(e.getMessage()) + ". Give a PEM file as a local path, classpath:NAME or an "
                    + "s3:// URI the job may read.");
        }
        int count = countCertificates(bytes, location, setting);
        return new CaBundle(location, new String(bytes, StandardCharsets.US_ASCII), count);
    }

    private static byte[] read(String location, Configuration hadoopConf) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no resource '" + name + "' on the classpath");
                }
                return in.readAllBytes();
            }
        }
        if (location.startsWith("s3://") || location.startsWith("s3a://")) {
            FileSystem fs = FileSystem.get(URI.create(location), hadoopConf);
            try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(location))) {
                return in.readAllBytes();
            }
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            path = shippedFile(path).orElseThrow(() -> new IOException("the file does not exist"));
        }
        return Files.readAllBytes(path);
    }

    /**
     * A relative name shipped with {@code spark-submit --files}: in cluster mode YARN puts it in the
     * driver's working directory (found above); in client mode, EMR's default for a step, only
     * Spark's own file directory has it.
     */
    private static Optional<Path> shippedFile(Path path) {
        if (path.isAbsolute() || path.getNameCount() != 1 || SparkEnv.get() == null) {
            return Optional.empty();
        }
        Path shipped = Path.of(SparkFiles.get(path.toString()));
        return Files.isRegularFile(shipped) ? Optional.of(shipped) : Optional.empty();
    }

    private static int countCertificates(byte[] bytes, String location, String setting) {
        try {
            int count = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .size();
            if (count == 0) {
                throw new CertificateException("no certificate in it");
            }
            return count;
        } catch (CertificateException e) {
            throw ConfigurationException.of("CA file '" + location + "' for '" + setting + "' holds no usable PEM "
                    + "certificate (" + Causes.firstLine(e.getMessage()) + "). Give the PEM bundle of the CA that "
                    + "signed the server certificate.");
        }
    }
}
