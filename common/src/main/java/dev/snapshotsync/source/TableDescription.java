package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.TableName;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog says of a table or view: its kind ({@code pg_class.relkind}: r table, p
 * partitioned table, v view, m materialized view, f foreign table; q for a custom query), columns,
 * primary key, and the planner's size estimates ({@code reltuples} is -1 when the table was never
 * analyzed). {@code from} is what SQL selects from: the quoted name, or the query as a subquery.
 */
public record TableDescription(
        TableName name, char kind, List<SourceColumn> columns, List<String> primaryKey, long estimatedRows,
        long pages, String from) {
    public TableDescription {
        requireNonNull(name, "name is null");
        requireNonNull(from, "from is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().name().equals(columnName)).findFirst();
    }

    /** Ordinary and materialized tables have ctid block ranges to split on; views do not. */
    public boolean hasPhysicalRows() {
        return kind == 'r' || kind == 'm';
    }
}
