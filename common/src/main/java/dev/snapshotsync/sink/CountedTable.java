package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;

/**
 * A staged table whose files were counted, file by file (name to rows); they hold every row read.
 * {@code files} are its staged data files as listed once for the checks, and published as listed.
 */
public record CountedTable(StagedTable staged, Map<String, Long> rowsPerFile, List<FileStatus> files) {
    public CountedTable {
        requireNonNull(staged, "staged is null");
        rowsPerFile = Map.copyOf(rowsPerFile);
        files = List.copyOf(files);
    }

    public long rowsWritten() {
        return rowsPerFile.values().stream().mapToLong(Long::longValue).sum();
    }
}
