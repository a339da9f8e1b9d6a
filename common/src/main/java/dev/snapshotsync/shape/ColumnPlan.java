package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Secret;
import dev.snapshotsync.sql.SourceColumn;
import java.util.List;

/**
 * What one table's output looks like: the written columns in contract order, the columns the
 * contract excludes (never read), the drift found against the catalog, and the salt for hashes.
 * This is what the manifest's column plan records.
 */
public record ColumnPlan(String table, List<PlannedColumn> columns, List<SourceColumn> excluded,
                         List<DriftEvent> drift, Secret hashSalt) {
    public ColumnPlan {
        requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
        excluded = List.copyOf(excluded);
        drift = List.copyOf(drift);
        requireNonNull(hashSalt, "hashSalt is null");
    }

    /** The source columns to read, in output order. */
    public List<SourceColumn> readColumns() {
        return columns.stream().map(PlannedColumn::source).toList();
    }

    public List<String> outputNames() {
        return columns.stream().map(PlannedColumn::output).toList();
    }
}
