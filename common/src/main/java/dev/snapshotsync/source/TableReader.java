package dev.snapshotsync.source;

import dev.snapshotsync.shape.TypeMapping;
import dev.snapshotsync.sql.SqlLiteral;
import dev.snapshotsync.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads one table through Spark's JDBC source, one task per planned partition.
 *
 * <p>Spark quotes the columns it selects with {@code "name"} but does not double embedded quotes,
 * so a column named {@code a"b} would break (or change) its SQL. We therefore hand Spark a
 * subquery whose columns are our own safe aliases ({@code c0, c1, ...}, plus the split key as
 * {@link PartitionPlan#KEY_ALIAS}), built from {@link dev.snapshotsync.sql.Identifier#quoted()},
 * and put the real names back on the DataFrame.
 *
 * <p>With a snapshot, every partition's session first runs Spark's {@code sessionInitStatement}:
 * {@code BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '...'}. Spark's
 * PostgresDialect then turns autocommit off (fetch size above zero, so rows stream in batches),
 * and the read runs inside that transaction; a retried task joins the same snapshot again.
 */
public final class TableReader {
    private final SparkSession spark;
    private final PgConnections connections;

    public TableReader(SparkSession spark, PgConnections connections) {
        this.spark = spark;
        this.connections = connections;
    }

    public Dataset<Row> read(TableName table, List<SourceColumn> columns, PartitionPlan plan,
                             Optional<String> snapshotId) {
        return read(table.quoted(), columns, plan, snapshotId);
    }

    /** {@code from} is what to select from: a quoted table name or a parenthesized query with an alias. */
    public Dataset<Row> read(String from, List<SourceColumn> columns, PartitionPlan plan,
                             Optional<String> snapshotId) {
        Properties props = connections.properties();
        props.setProperty("fetchsize", Integer.toString(connections.settings().fetchSize()));
        snapshotId.ifPresent(id -> props.setProperty("sessionInitStatement",
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + SqlLiteral.quote(id)));
        String subquery = subquery(from, columns, plan);
        Dataset<Row> aliased = plan.isSingle()
                ? spark.read().jdbc(connections.url(), subquery, props)
                : spark.read().jdbc(connections.url(), subquery,
                        plan.predicates().stream().map(p -> "(" + p + ")").toArray(String[]::new), props);
        List<Column> named = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            named.add(functions.col("c" + i).as(columns.get(i).name().name()));
        }
        Dataset<Row> rows = aliased.select(named.toArray(Column[]::new));
        int maxConnections = connections.settings().read().maxConnections();
        // A coalesced task reads its partitions one after another, each closing its session when
        // done, so at most max-connections sessions are open whatever the cluster size.
        return plan.count() > maxConnections ? rows.coalesce(maxConnections) : rows;
    }

    static String subquery(TableName table, List<SourceColumn> columns, PartitionPlan plan) {
        return subquery(table.quoted(), columns, plan);
    }

    static String subquery(String from, List<SourceColumn> columns, PartitionPlan plan) {
        StringBuilder sql = new StringBuilder("(SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            SourceColumn column = columns.get(i);
            sql.append(i == 0 ? "" : ", ").append(selectExpression(column)).append(" AS c").append(i);
        }
        if (!plan.isSingle()) {
            String key = plan.strategy().equals("ctid") ? "ctid"
                    : new dev.snapshotsync.sql.Identifier(plan.column()).quoted();
            sql.append(", ").append(key).append(" AS ").append(PartitionPlan.KEY_ALIAS);
        }
        return sql.append(" FROM ").append(from).append(") AS snapshot_sync_source").toString();
    }

    /** What the type mapping reads for the column (the column itself, or a text form of it). */
    static String selectExpression(SourceColumn column) {
        return TypeMapping.map(column).readExpression();
    }
}
