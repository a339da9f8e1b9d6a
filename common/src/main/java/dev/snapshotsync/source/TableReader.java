package dev.snapshotsync.source;

import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.shape.TypeMapping;
import dev.snapshotsync.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one table through Spark's JDBC source.
 *
 * <p>Spark quotes the columns it selects with {@code "name"} but does not double embedded quotes,
 * so a column named {@code a"b} would break (or change) its SQL. We therefore hand Spark a
 * subquery whose columns are our own safe aliases ({@code c0, c1, ...}), built from
 * {@link dev.snapshotsync.sql.Identifier#quoted()}, and put the real names back on the DataFrame.
 */
public final class TableReader {
    private final SparkSession spark;
    private final SourceSettings source;

    public TableReader(SparkSession spark, SourceSettings source) {
        this.spark = spark;
        this.source = source;
    }

    public Dataset<Row> read(TableName table, List<SourceColumn> columns) {
        Properties props = PgConnections.properties(source);
        props.setProperty("fetchsize", Integer.toString(source.fetchSize()));
        Dataset<Row> aliased = spark.read().jdbc(PgConnections.url(source), subquery(table, columns), props);
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name().name()));
        return aliased.toDF(names.toArray(String[]::new));
    }

    static String subquery(TableName table, List<SourceColumn> columns) {
        StringBuilder sql = new StringBuilder("(SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            SourceColumn column = columns.get(i);
            sql.append(i == 0 ? "" : ", ").append(selectExpression(column)).append(" AS c").append(i);
        }
        return sql.append(" FROM ").append(table.quoted()).append(") AS snapshot_sync_source").toString();
    }

    /** What the type mapping reads for the column (the column itself, or a text form of it). */
    static String selectExpression(SourceColumn column) {
        return TypeMapping.map(column).readExpression();
    }
}
