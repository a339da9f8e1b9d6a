package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

/** What the catalog says of a table and how it will be read. */
public record TableReadPlan(TableDescription description, PartitionPlan partitions) {
    public TableReadPlan {
        requireNonNull(description, "description is null");
        requireNonNull(partitions, "partitions is null");
    }
}
