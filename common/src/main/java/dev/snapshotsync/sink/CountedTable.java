package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A staged table whose files were read back and counted, file by file (name to rows); they hold every row read. */
public record CountedTable(StagedTable staged, Map<String, Long> rowsPerFile) {
    public CountedTable {
        requireNonNull(staged, "staged is null");
        rowsPerFile = Map.copyOf(rowsPerFile);
    }

    public long rowsWritten() {
        return rowsPerFile.values().stream().mapToLong(Long::longValue).sum();
    }
}
