package dev.snapshotsync.job;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.job.export.ExportJob;
import dev.snapshotsync.job.export.RunSummary;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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


    /** A JDK type, not ExportJob: picocli reflects over the fields, and `export --help` runs without Spark. */
    private Supplier<Optional<String>> runReport = Optional::empty;

    @Override
    public Integer call() {
        RunSummary summary = Run.export(this);
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The export itself, in a class of its own: picocli reflects over the command's methods, the
     * synthetic ones of lambdas included, and a Spark type in a signature would make
     * {@code --help} fail where Spark is not on the class path.
     */
    private static final class Run {
        private Run() {}

        static RunSummary export(ExportCommand command) {
            Clock clock = Clock.systemUTC();
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            // Everything the user typed is checked before Spark starts: a typo is reported in about a
            // second, every problem at once, with no SparkContext made for nothing.
            ConfigProblems problems = new ConfigProblems();
            Settings settings = problems.check(() -> ConfigOptions.Loader.load(command.configOptions,
                    SparkHadoopConfiguration::beforeSession));
            LocalDate day = problems.check(() -> parseDate(command.date, today));
            if (settings != null) {
                if (day != null) {
                    problems.check(() -> settings.checkDate(day, today));
                }
                problems.check(() -> settings.select(command.tables));
            }
            problems.throwIfAny();
            ExportJob job = new ExportJob(SparkSessions.getOrCreate(), settings, clock);
            command.runReport = job::reportFile;
            return job.run(day, command.tables);
        }
    }

    /** Where the run wrote {@code _runs/<run-id>.json} (with the stack trace of a failure), once it has. */
    Optional<String> runReport() {
        return runReport.get();
    }

    static LocalDate parseDate(String text, LocalDate today) {
        if (text == null) {
            return today;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ConfigurationException.of("invalid value '" + text + "' for '--date'. Allowed: a date as YYYY-MM-DD, "
                    + "such as 2026-01-31.");
        }
    }
}
