package dev.snapshotsync.job;

import com.typesafe.config.Config;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, shared by every command that reads a job configuration. */
final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "PATH|s3://...",
            description = "Configuration file (HOCON): a local path or an s3:// or s3a:// URI.")
    String config;

    @Option(names = "--set", paramLabel = "key=value",
            description = "Override a configuration value, e.g. --set target.format=parquet. Repeatable.")
    List<String> overrides = new ArrayList<>();

    /**
     * Reads and validates the whole configuration; every problem at once (exit 2). Static, and
     * in a class of its own: picocli reflects over the methods of option classes, and a Hadoop
     * type in a signature would make {@code --help} fail where Spark is not on the class path.
     */
    static final class Loader {
        private Loader() {}

        static Settings load(ConfigOptions options, Configuration hadoopConf) {
            return load(options, () -> hadoopConf);
        }

        /** {@code hadoopConf} is asked for only when the file is in S3 (see {@link ConfigSource#read}). */
        static Settings load(ConfigOptions options, Supplier<Configuration> hadoopConf) {
            ConfigProblems problems = new ConfigProblems();
            Config file = problems.check(() -> ConfigSource.read(options.config, hadoopConf));
            Config overrides = problems.check(() -> SettingsLoader.parseOverrides(options.overrides));
            problems.throwIfAny();
            return SettingsLoader.load(file, overrides);
        }
    }
}
