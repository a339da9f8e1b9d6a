package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.SourceColumn;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog says of a table or view: its kind ({@code pg_class.relkind}: r table, p
 * partitioned table, v view, m materialized view, f foreign table; q for a custom query), columns,
 * primary key, and the planner's size estimates ({@code reltuples} is -1 when the table was never
 * analyzed; a custom query has none of these). {@code relation} is what was described.
 */
public record TableDescription(
        Relation relation, char kind, List<SourceColumn> columns, List<String> primaryKey, long estimatedRows,
        long pages) {
    public TableDescription {
        requireNonNull(relation, "relation is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** What SQL selects from: the quoted name, or the query as an aliased subquery. */
    public String from() {
        return relation.from();
    }

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().name().equals(columnName)).findFirst();
    }

    /** Ordinary and materialized tables have ctid block ranges to split on; views do not. */
    public boolean hasPhysicalRows() {
        return kind == 'r' || kind == 'm';
    }
}
