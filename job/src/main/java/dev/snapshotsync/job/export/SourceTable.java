package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.TableDescription;

/**
 * What the catalog says of one configured table and how it will be read: its description, the
 * partition plan, the column plan (contract against the catalog), its size on disk (-1: unknown),
 * and whether it is read with row_security on (row-security = apply: policies may filter its rows).
 */
record SourceTable(TableDescription description, PartitionPlan partitions, ColumnPlan columns, long bytes,
                   boolean rowSecurityApplied) {
    SourceTable {
        requireNonNull(description, "description is null");
        requireNonNull(partitions, "partitions is null");
        requireNonNull(columns, "columns is null");
    }
}
