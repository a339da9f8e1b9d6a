package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import org.apache.hadoop.fs.Path;

/** A table whose files are written to staging ({@code files}), with the rows counted as they entered the writer. */
public record StagedTable(TableTarget target, Path files, long rowsRead) {
    public StagedTable {
        requireNonNull(target, "target is null");
        requireNonNull(files, "files is null");
    }
}
