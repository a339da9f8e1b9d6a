package dev.snapshotsync.job;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.job.export.CatalogStep;
import dev.snapshotsync.source.PgConnections;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snapshot-sync validate}: the whole configuration, then (unless {@code --offline}) every
 * configured table against the live catalog; every problem is listed at once (exit 2).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the configuration and, unless --offline, the tables against the database catalog.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--offline", description = "Check only the configuration; do not connect to the database.")
    boolean offline;

    @Override
    public Integer call() {
        Configuration hadoopConf = new Configuration();
        Settings settings = ConfigOptions.Loader.load(configOptions, hadoopConf);
        StringBuilder out = new StringBuilder("configuration '").append(configOptions.config).append("' is valid: ")
                .append(settings.tables().size()).append(settings.tables().size() == 1 ? " table" : " tables");
        if (offline) {
            out.append(" (offline: the tables were not checked against the database)");
        } else {
            PgConnections connections = PgConnections.resolve(settings.source(), hadoopConf);
            CatalogStep.Result catalog = CatalogStep.read(connections, settings, settings.tables());
            out.append(", all present in ").append(connections.settings().describe()).append(" (PostgreSQL ")
                    .append(catalog.server().version()).append(')');
        }
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
