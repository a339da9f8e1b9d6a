package dev.snapshotsync.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code _runs/<run-id>.json}: every table of a run with its outcome and timing, written at the
 * end of the run whether it succeeded or not. {@code error} (the message the CLI printed) and
 * {@code stackTrace} (the failure with its causes, which the terminal leaves out for the exit
 * codes 2 to 5) are null on success.
 */
public record RunReport(String runId, String toolVersion, String snapshotDate, String startedAt, String finishedAt,
                        String status, int exitCode, String error, String stackTrace, List<TableOutcome> tables) {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public RunReport {
        requireNonNull(runId, "runId is null");
        requireNonNull(toolVersion, "toolVersion is null");
        requireNonNull(snapshotDate, "snapshotDate is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(status, "status is null");
        tables = List.copyOf(tables);
    }

    /**
     * One table: {@code status} is published, staged (written, not published) or pending;
     * row counts are -1 until known. {@code stagingStartedAt} and {@code stagedAt} (ISO-8601
     * instants, null until reached) bound the table's read and staged write: tables staged at once
     * have overlapping intervals.
     */
    public record TableOutcome(String table, String source, String status, long rowsRead, long rowsWritten,
                               int files, String dayPrefix, long millis, String stagingStartedAt, String stagedAt) {
        public TableOutcome {
            requireNonNull(table, "table is null");
            requireNonNull(source, "source is null");
            requireNonNull(status, "status is null");
            requireNonNull(dayPrefix, "dayPrefix is null");
        }
    }
}
