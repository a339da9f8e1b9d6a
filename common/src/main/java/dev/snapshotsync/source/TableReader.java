package dev.snapshotsync.source;

import dev.snapshotsync.config.ReadProtocol;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.SqlLiteral;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.types.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one table into Spark, one planned partition per statement, through PostgreSQL's binary
 * COPY ({@link CopySource}, the default) or Spark's JDBC source ({@code source.read-protocol}).
 * Both give the same rows in the same types: the schema is the type mapping's.
 *
 * <p>Spark quotes the columns it selects with {@code "name"} but does not double embedded quotes,
 * so a column named {@code a"b} would break (or change) its SQL. We therefore select from a
 * subquery whose columns are our own safe aliases ({@code c0, c1, ...}, plus the split key as
 * {@link PartitionPlan#KEY_ALIAS}), built from {@link dev.snapshotsync.sql.Identifier#quoted()},
 * and put the real names back on the DataFrame.
 *
 * <p>With a snapshot, every partition's session joins it. On the JDBC path that is Spark's
 * {@code sessionInitStatement}: {@code BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET
 * TRANSACTION SNAPSHOT '...'}; Spark's PostgresDialect then turns autocommit off (fetch size above
 * zero, so rows stream in batches), and the read runs inside that transaction. The COPY path does
 * the same in {@link CopyPartitionReader}. A retried task joins the same snapshot again.
 *
 * <p>Closing the reader releases the COPY reads it registered in the driver ({@link CopySource}):
 * close it when the Datasets it returned are no longer needed.
 */
public final class TableReader implements AutoCloseable {
    private final SparkSession spark;
    private final PgConnections connections;
    private final ReadProtocol protocol;
    private final List<String> registered = new ArrayList<>();

    public TableReader(SparkSession spark, PgConnections connections) {
        this(spark, connections, connections.settings().read().protocol());
    }

    public TableReader(SparkSession spark, PgConnections connections, ReadProtocol protocol) {
        this.spark = spark;
        this.connections = connections;
        this.protocol = protocol;
    }

    /** Reads {@code columns} of the relation (a table by name, or a custom query as a subquery). */
    public Dataset<Row> read(Relation relation, List<SourceColumn> columns, PartitionPlan plan,
                             Optional<String> snapshotId) {
        String subquery = subquery(relation, columns, plan);
        int maxConnections = connections.settings().read().maxConnections();
        Dataset<Row> aliased = protocol == ReadProtocol.COPY
                ? copy(new CopyRead(relation.label(), columns.stream().map(c -> c.name().name()).toList(),
                        connections.url(), connections.properties(), snapshotId.orElse(null),
                        copyStatements(subquery, columns, plan), plan.tasks(maxConnections),
                        schema(columns)))
                : jdbc(subquery, plan, snapshotId, maxConnections);
        List<Column> named = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            named.add(functions.col("c" + i).as(columns.get(i).name().name()));
        }
        return aliased.select(named.toArray(Column[]::new));
    }

    private Dataset<Row> copy(CopyRead read) {
        CopySource.Loaded loaded = CopySource.load(spark, read);
        registered.add(loaded.id());
        return loaded.rows();
    }

    @Override
    public void close() {
        registered.forEach(CopySource::release);
        registered.clear();
    }

    private Dataset<Row> jdbc(String subquery, PartitionPlan plan, Optional<String> snapshotId, int maxConnections) {
        Properties props = connections.properties();
        props.setProperty("fetchsize", Integer.toString(connections.settings().fetchSize()));
        // Spark's JDBC source takes the first registered driver that accepts the URL unless named;
        // the platform may carry its own pgjdbc (Glue 5.x: 42.7.3).
        props.setProperty("driver", org.postgresql.Driver.class.getName());
        snapshotId.ifPresent(id -> props.setProperty("sessionInitStatement",
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + SqlLiteral.quote(id)));
        Dataset<Row> rows = plan.isSingle()
                ? spark.read().jdbc(connections.url(), subquery, props)
                : spark.read().jdbc(connections.url(), subquery,
                        plan.predicates().stream().map(p -> "(" + p + ")").toArray(String[]::new), props);
        // A coalesced task reads its partitions one after another, each closing its session when
        // done, so at most max-connections sessions are open whatever the cluster size.
        int tasks = plan.tasks(maxConnections);
        return tasks < plan.count() ? rows.coalesce(tasks) : rows;
    }

    /** One {@code COPY ... TO STDOUT (FORMAT binary)} per planned partition, selecting the aliases. */
    static List<String> copyStatements(String subquery, List<SourceColumn> columns, PartitionPlan plan) {
        StringBuilder select = new StringBuilder("COPY (SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append('c').append(i);
        }
        select.append(" FROM ").append(subquery);
        if (plan.isSingle()) {
            return List.of(select + ") TO STDOUT (FORMAT binary)");
        }
        return plan.predicates().stream()
                .map(p -> select + " WHERE (" + p + ")) TO STDOUT (FORMAT binary)")
                .toList();
    }

    /** The aliases with the type mapping's Spark types; nullable, as Spark's JDBC source makes every column. */
    static StructType schema(List<SourceColumn> columns) {
        StructField[] fields = new StructField[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = DataTypes.createStructField("c" + i, TypeMapping.map(columns.get(i)).sparkType(), true);
        }
        return DataTypes.createStructType(fields);
    }

    static String subquery(Relation relation, List<SourceColumn> columns, PartitionPlan plan) {
        String from = relation.from();
        StringBuilder sql = new StringBuilder("(SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            SourceColumn column = columns.get(i);
            sql.append(i == 0 ? "" : ", ").append(selectExpression(column)).append(" AS c").append(i);
        }
        if (!plan.isSingle()) {
            String key = plan.strategy() == PartitionPlan.Strategy.CTID ? "ctid"
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
