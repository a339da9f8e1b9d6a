package dev.snapshotsync.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The detail of a run's completion event. {@code exitCode} is 0 and {@code error} null on success;
 * on failure {@code error} is the first line of the message the CLI printed. Per table: the day's
 * folder, its manifest's key, rows and files as published ({@code status} published), or as far
 * as the run got (staged, pending; rows -1 until known).
 */
public record CompletionEvent(int eventVersion, String runId, String snapshotDate, String status, int exitCode,
                              String error, String target, List<TableDay> tables) {
    public static final int VERSION = 1;
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public CompletionEvent {
        requireNonNull(runId, "runId is null");
        requireNonNull(snapshotDate, "snapshotDate is null");
        requireNonNull(status, "status is null");
        requireNonNull(target, "target is null");
        tables = List.copyOf(tables);
    }

    /** EventBridge's detail-type, which rules match on. */
    public String detailType() {
        return SUCCEEDED.equals(status) ? "Snapshot Sync Run Succeeded" : "Snapshot Sync Run Failed";
    }

    public record TableDay(String table, String status, String dayPrefix, String manifestKey, long rows, int files) {
        public TableDay {
            requireNonNull(table, "table is null");
            requireNonNull(status, "status is null");
            requireNonNull(dayPrefix, "dayPrefix is null");
            requireNonNull(manifestKey, "manifestKey is null");
        }
    }
}
