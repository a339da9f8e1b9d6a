package dev.snapshotsync.config;

import com.typesafe.config.Config;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sink.S3aConfigurer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fetches the configuration file named by {@code --config}: a local path, or an {@code s3://} /
 * {@code s3a://} object read at run time, so changing a job is an upload of its file.
 */
public final class ConfigSource {
    private ConfigSource() {}

    public static Config read(String location, Configuration hadoopConf) {
        if (!location.startsWith("s3://") && !location.startsWith("s3a://")) {
            return SettingsLoader.parseFile(new File(location));
        }
        S3aConfigurer.serveS3SchemeWithS3a(hadoopConf);
        try {
            FileSystem fs = FileSystem.get(URI.create(location), hadoopConf);
            try (InputStream in = fs.open(new Path(location))) {
                return SettingsLoader.parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
            }
        } catch (IOException e) {
            throw ConfigurationException.of("cannot read configuration '" + location + "': "
                    + e.getClass().getSimpleName() + ": " + Causes.firstLine(e.getMessage())
                    + ". Check the URI and that the job's role may read it (s3:GetObject).");
        }
    }

}
