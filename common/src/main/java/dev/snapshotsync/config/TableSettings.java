package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.TableName;
import java.util.List;

/**
 * One exported table: {@code name} names its output folder, {@code source} the table or view read,
 * {@code partition} how its read is split, {@code contract} its columns, drift policy and sanitization,
 * {@code primaryKey} the output columns that identify a row (empty: the source's primary key),
 * {@code query} a custom SELECT read instead of a table (empty: read {@code source}), {@code rowSecurity}
 * whether rows that row-level security hides from the role may be left out.
 */
public record TableSettings(String name, TableName source, PartitionSettings partition, TableContract contract,
                            List<String> primaryKey, String query, RowSecurityPolicy rowSecurity) {
    public TableSettings {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(contract, "contract is null");
        primaryKey = List.copyOf(primaryKey);
        requireNonNull(query, "query is null");
        requireNonNull(rowSecurity, "rowSecurity is null");
    }

    public TableSettings(String name, TableName source, PartitionSettings partition, TableContract contract,
                         List<String> primaryKey, String query) {
        this(name, source, partition, contract, primaryKey, query, RowSecurityPolicy.REFUSE);
    }

    public TableSettings(String name, TableName source, PartitionSettings partition, TableContract contract,
                         List<String> primaryKey) {
        this(name, source, partition, contract, primaryKey, "");
    }

    public boolean isQuery() {
        return !query.isEmpty();
    }

    /** A table exported with all its columns as they are, read as the planner chooses. */
    public TableSettings(String name, TableName source) {
        this(name, source, PartitionSettings.PLANNED, TableContract.ALL_COLUMNS, List.of());
    }
}
