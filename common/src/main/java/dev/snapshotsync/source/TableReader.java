package dev.snapshotsync.source;

import dev.snapshotsync.sql.SqlLiteral;
import dev.snapshotsync.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** Types Spark's PostgresDialect maps exactly; the rest are read as their text form for now. */
    private static final Set<String> NATIVE_TYPES = Set.of(
            "int2", "int4", "int8", "float4", "float8", "bool", "text", "varchar", "bpchar", "date",
            "timestamp", "timestamptz");
    private static final Pattern NUMERIC_PRECISION = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private final SparkSession spark;
    private final PgConnections connections;

    public TableReader(SparkSession spark, PgConnections connections) {
        this.spark = spark;
        this.connections = connections;
    }

    public Dataset<Row> read(TableName table, List<SourceColumn> columns, PartitionPlan plan,
                             Optional<String> snapshotId) {
        Properties props = connections.properties();
        props.setProperty("fetchsize", Integer.toString(connections.settings().fetchSize()));
        snapshotId.ifPresent(id -> props.setProperty("sessionInitStatement",
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + SqlLiteral.quote(id)));
        String subquery = subquery(table, columns, plan);
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
        return sql.append(" FROM ").append(table.quoted()).append(") AS snapshot_sync_source").toString();
    }

    static String selectExpression(SourceColumn column) {
        String quoted = column.name().quoted();
        if (NATIVE_TYPES.contains(column.typeName())) {
            return quoted;
        }
        Matcher numeric = NUMERIC_PRECISION.matcher(column.declaredType());
        if (numeric.matches() && Integer.parseInt(numeric.group(1)) <= 38) {
            return quoted;
        }
        return quoted + "::text";
    }
}
