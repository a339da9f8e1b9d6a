package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** The outcome of a successful run, printed at its end. */
public record RunSummary(
        String runId, LocalDate date, SourceSnapshot snapshot, List<TableResult> tables, Duration elapsed) {
    public RunSummary {
        requireNonNull(runId, "runId is null");
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(date, "date is null");
        tables = List.copyOf(tables);
        requireNonNull(elapsed, "elapsed is null");
    }

    public String render() {
        StringBuilder text = new StringBuilder("snapshot-sync run ").append(runId).append(": ")
                .append(tables.size()).append(tables.size() == 1 ? " table" : " tables")
                .append(" exported for ").append(date).append(" in ")
                .append(elapsed.toMillis() / 1000.0).append(" s\n")
                .append("  ").append(snapshot.describe()).append('\n');
        for (TableResult table : tables) {
            text.append(String.format("  %-24s %10d rows  %2d files  %s%n", table.table(), table.rows(),
                    table.files().size(), table.dayPrefix()));
        }
        return text.toString();
    }
}
