package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.types.StructType;

/**
 * One table's read through COPY, as the executors need it: where to connect (the properties hold
 * the credentials and the CA, and are only ever serialized into tasks, never into a plan or a
 * log), the snapshot to join, one {@code COPY} statement per planned partition, and the schema the
 * binary rows decode into.
 *
 * @param table the table as named in messages ({@code public.orders})
 * @param columns the source column names, in schema order, for messages
 * @param snapshotId the exported snapshot every partition joins; null to read without one
 * @param statements one {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} per planned partition
 * @param tasks how many Spark partitions read the statements (at most source.max-connections)
 */
public record CopyRead(String table, List<String> columns, String url, Properties connection, String snapshotId,
                       List<String> statements, int tasks, StructType schema) implements Serializable {
    public CopyRead {
        requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
        requireNonNull(url, "url is null");
        requireNonNull(connection, "connection is null");
        statements = List.copyOf(statements);
        requireNonNull(schema, "schema is null");
        if (tasks < 1 || tasks > statements.size() || columns.size() != schema.size()) {
            throw new IllegalArgumentException("a COPY read needs 1 to " + statements.size() + " tasks and one name "
                    + "per column");
        }
    }

    /**
     * The statements of Spark partition {@code task}: planned partitions are dealt out in turn, so
     * each task gets neighbouring sizes whatever the plan's order.
     */
    public List<String> statementsOf(int task) {
        List<String> mine = new ArrayList<>();
        for (int i = task; i < statements.size(); i += tasks) {
            mine.add(statements.get(i));
        }
        return mine;
    }

    /** Not the record's default: that would print the connection properties, password included. */
    @Override
    public String toString() {
        return "COPY read of " + table + " (" + statements.size() + " statement(s) in " + tasks + " task(s))";
    }
}
