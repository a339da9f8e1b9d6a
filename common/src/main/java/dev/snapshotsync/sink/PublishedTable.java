package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table whose day readers now find: its files where they are published, with their rows, and
 * the rows written (for Delta, as the committed table counts them).
 */
public record PublishedTable(CountedTable counted, List<WrittenFile> files, long rowsWritten) {
    public PublishedTable {
        requireNonNull(counted, "counted is null");
        files = List.copyOf(files);
    }

    public TableTarget target() {
        return counted.staged().target();
    }
}
