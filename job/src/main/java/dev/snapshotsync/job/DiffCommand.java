package dev.snapshotsync.job;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.diff.DiffErrors;
import dev.snapshotsync.diff.DiffSummary;
import dev.snapshotsync.job.diff.DiffJob;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snapshot-sync diff}: what changed in a table between two published days. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two published days of a table by key: rows added, removed and changed, and the "
                + "changed rows written as Parquet under <target.uri>/<table>/_diffs/from=D1/to=D2/.")
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "A configured table (output name).")
    String table;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "The earlier day.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "The later day.")
    String to;

    @Option(names = "--key", split = ",", paramLabel = "col1,col2",
            description = "Columns that identify a row (default: tables.<table>.primary-key, else the key in the "
                    + "days' _manifest.json, else the source table's primary key).")
    List<String> key = new ArrayList<>();

    @Override
    public Integer call() {
        LocalDate fromDay = parseDate(from, "--from");
        LocalDate toDay = parseDate(to, "--to");
        if (key.stream().anyMatch(String::isBlank) || key.stream().distinct().count() < key.size()) {
            throw DiffErrors.invalidKeyOption(key);
        }
        // Read and checked before Spark starts (see ExportCommand).
        Settings settings = ConfigOptions.Loader.load(configOptions, SparkHadoopConfiguration::beforeSession);
        DiffJob.configuredTable(settings, table);
        SparkSession spark = SparkSessions.getOrCreate();
        DiffSummary summary = new DiffJob(spark, settings).run(new DiffJob.Request(table, fromDay, toDay, key));
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static LocalDate parseDate(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw DiffErrors.invalidDate(text, option);
        }
    }
}
