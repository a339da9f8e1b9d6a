package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.TableName;

/** One exported table: {@code name} names its output folder, {@code source} the table or view read. */
public record TableSettings(String name, TableName source, PartitionSettings partition) {
    public TableSettings {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(partition, "partition is null");
    }
}
