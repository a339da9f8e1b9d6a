package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.TableName;
import java.util.List;

/**
 * One exported table: {@code name} names its output folder, {@code source} the table or view read,
 * {@code primaryKey} the output columns that identify a row (empty: the source's primary key).
 */
public record TableSettings(String name, TableName source, PartitionSettings partition, List<String> primaryKey) {
    public TableSettings {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(partition, "partition is null");
        primaryKey = List.copyOf(primaryKey);
    }
}
