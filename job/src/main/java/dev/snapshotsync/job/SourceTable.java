package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.source.SourceColumn;
import java.util.List;

/** What the catalog says of one configured table: its columns and its size on disk (-1: unknown). */
record SourceTable(List<SourceColumn> columns, long bytes) {
    SourceTable {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
