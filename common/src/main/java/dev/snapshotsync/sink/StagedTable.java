package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * A table whose files are written to staging ({@code files}), with the rows counted as they
 * entered the writer, and for CSV and JSON Lines the rows of each file (by name) as its task
 * wrote them.
 */
public record StagedTable(TableTarget target, Path files, long rowsRead, Map<String, Long> rowsAsWritten) {
    public StagedTable {
        requireNonNull(target, "target is null");
        requireNonNull(files, "files is null");
        rowsAsWritten = Map.copyOf(rowsAsWritten);
    }
}
