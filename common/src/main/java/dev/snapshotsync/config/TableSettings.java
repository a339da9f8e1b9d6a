package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.util.List;

/**
 * One exported table: {@code name} names its output folder, {@code relation} what is read (a table or
 * view, or a custom SELECT), {@code partition} how its read is split, {@code contract} its columns, drift
 * policy and sanitization, {@code primaryKey} the output columns that identify a row (empty: the source's
 * primary key), {@code rowSecurity} whether rows that row-level security hides from the role may be left out.
 */
public record TableSettings(String name, Relation relation, PartitionSettings partition, TableContract contract,
                            List<String> primaryKey, RowSecurityPolicy rowSecurity) {
    public TableSettings {
        requireNonNull(name, "name is null");
        requireNonNull(relation, "relation is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(contract, "contract is null");
        primaryKey = List.copyOf(primaryKey);
        requireNonNull(rowSecurity, "rowSecurity is null");
    }

    /** A table exported with all its columns as they are, read as the planner chooses. */
    public TableSettings(String name, TableName source) {
        this(name, new Relation.NamedTable(source), PartitionSettings.PLANNED, TableContract.ALL_COLUMNS, List.of(),
                RowSecurityPolicy.REFUSE);
    }

    /**
     * What it reads, for messages: {@code table schema.table}, or {@code the query of
     * 'snapshot-sync.tables.<name>.query'} (the setting that holds it).
     */
    public String describeRelation() {
        // Java 17 has no pattern switch; the interface is sealed, so these are the two kinds.
        return relation instanceof Relation.NamedTable table ? "table " + table.name()
                : "the query of 'snapshot-sync.tables." + name + ".query'";
    }
}
