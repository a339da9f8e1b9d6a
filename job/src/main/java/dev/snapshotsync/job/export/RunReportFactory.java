package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.RunReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builds {@code _runs/<run-id>.json} from the stages each table reached. */
final class RunReportFactory {
    private final String runId;
    private final LocalDate date;
    private final Instant start;

    RunReportFactory(String runId, LocalDate date, Instant start) {
        this.runId = requireNonNull(runId, "runId is null");
        this.date = requireNonNull(date, "date is null");
        this.start = requireNonNull(start, "start is null");
    }

    RunReport report(List<TableRun> tables, Instant now, String status, int exitCode, Throwable failure) {
        List<RunReport.TableOutcome> outcomes = new ArrayList<>();
        for (TableRun run : tables) {
            outcomes.add(new RunReport.TableOutcome(run.table.name(), run.table.relation().label(), run.status(),
                    run.rowsRead(), run.rowsWritten(), run.files().size(), run.day().toString(), run.millis(),
                    text(run.stagingStarted()), text(run.stagingEnded())));
        }
        return new RunReport(runId, JsonFiles.toolVersion(), date.toString(), start.toString(), now.toString(),
                status, exitCode, failure == null ? null : Causes.firstLine(failure.getMessage()),
                failure == null ? null : Causes.stackTrace(failure), outcomes);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
