package dev.snapshotsync.job;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.errors.ConfigurationException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code snapshot-sync export}: one day of every configured (or named) table. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one day's snapshot of the configured tables to the target.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Snapshot date (default: today in UTC).")
    String date;

    @Option(names = "--tables", split = ",", paramLabel = "a,b", description = "Only these configured tables.")
    List<String> tables = new ArrayList<>();


    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        LocalDate day = parseDate(date, clock);
        SparkSession spark = SparkSessions.getOrCreate();
        Settings settings = ConfigOptions.Loader.load(configOptions, spark.sparkContext().hadoopConfiguration());
        settings.checkDate(day, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        RunSummary summary = new ExportJob(spark, settings, clock).run(day, tables);
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    static LocalDate parseDate(String text, Clock clock) {
        if (text == null) {
            return LocalDate.now(clock.withZone(ZoneOffset.UTC));
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ConfigurationException.of("invalid value '" + text + "' for '--date'. Allowed: a date as YYYY-MM-DD, "
                    + "such as 2026-01-31.");
        }
    }
}
