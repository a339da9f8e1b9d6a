package dev.snapshotsync.job;

import com.typesafe.config.Config;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sink.S3aConfigurer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fetches the configuration file named by {@code --config}: a local path, or an {@code s3://} /
 * {@code s3a://} object read at run time, so changing a job is an upload of its file. Reading
 * from S3 is the entry point's I/O: {@code config} only parses the text it is given.
 */
public final class ConfigSource {
    private ConfigSource() {}

    /**
     * Reads the file; {@code hadoopConf} is asked for only when the file is in S3, so a local
     * configuration is read and checked without Hadoop or Spark starting anything.
     */
    public static Config read(String location, Supplier<Configuration> hadoopConf) {
        if (!isRemote(location)) {
            return SettingsLoader.parseFile(new File(location));
        }
        Configuration conf = hadoopConf.get();
        S3aConfigurer.serveS3SchemeWithS3a(conf);
        // A private instance, closed after the read: the cached one would keep this configuration
        // (possibly made before the run's session) for the bucket for the life of the JVM.
        try (FileSystem fs = FileSystem.newInstance(URI.create(location), conf)) {
            try (InputStream in = fs.open(new Path(location))) {
                return SettingsLoader.parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
            }
        } catch (IOException e) {
            throw ConfigurationException.of("cannot read configuration '" + location + "': "
                    + e.getClass().getSimpleName() + ": " + Causes.firstLine(e.getMessage())
                    + ". Check the URI and that the job's role may read it (s3:GetObject).");
        }
    }

    /** True for an {@code s3://} or {@code s3a://} location, read through Hadoop. */
    public static boolean isRemote(String location) {
        return location.startsWith("s3://") || location.startsWith("s3a://");
    }
}
