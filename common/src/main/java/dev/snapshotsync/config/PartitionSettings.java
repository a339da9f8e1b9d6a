package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/** A table's partitioning overrides: an empty column and a zero count leave the choice to the planner. */
public record PartitionSettings(String column, int count) {
    public static final PartitionSettings PLANNED = new PartitionSettings("", 0);

    public PartitionSettings {
        requireNonNull(column, "column is null");
    }
}
