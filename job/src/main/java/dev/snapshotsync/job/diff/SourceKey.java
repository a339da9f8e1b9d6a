package dev.snapshotsync.job.diff;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.TableDescription;
import dev.snapshotsync.sql.Relation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The primary key of a table as the source's catalog has it now, for a diff that was told no key
 * otherwise; empty when the table has none (or no longer exists). Source failures are thrown as
 * source errors, which the diff reports as the reason it has no key.
 */
final class SourceKey implements Supplier<List<String>> {
    private final SparkSession spark;
    private final SourceSettings source;
    private final Relation table;

    SourceKey(SparkSession spark, SourceSettings source, Relation table) {
        this.spark = requireNonNull(spark, "spark is null");
        this.source = requireNonNull(source, "source is null");
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public List<String> get() {
        if (!(table instanceof Relation.NamedTable named)) {
            return List.of(); // a custom query's result has no primary key in the catalog
        }
        PgConnections connections = PgConnections.resolve(source, spark.sparkContext().hadoopConfiguration());
        try (Connection connection = connections.open()) {
            return new CatalogReader(connection).describe(named.name()).map(TableDescription::primaryKey).orElse(List.of());
        } catch (SQLException e) {
            throw connections.translate(e, "reading the primary key of " + named.name() + " from");
        }
    }
}
