package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.SourceColumn;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The statements behind {@link TableStatistics}, on the catalog session of a run. */
public final class PgTableStatistics implements TableStatistics {
    /**
     * The key's histogram as distinct values of its type, in the type's order. pg_stats has two rows
     * for a column of a table with inheritance children or partitions: {@code inherited = false}
     * for the parent's own rows and {@code true} for the whole tree, which is what a read of the
     * parent returns (without ONLY). Mixing both rows gives bounds out of order, so overlapping
     * ranges; only the row that describes what is read is used.
     */
    private static final String HISTOGRAM = """
            SELECT d.bound::text FROM (
                SELECT DISTINCT u.bound::%s AS bound
                FROM pg_catalog.pg_stats s, unnest(s.histogram_bounds::text::text[]) AS u(bound)
                WHERE s.schemaname = ? AND s.tablename = ? AND s.attname = ?
                  AND s.inherited = EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = to_regclass(?))
            ) d
            ORDER BY d.bound
            """;
    private static final long SAMPLE_ROWS = 100_000;

    private final Connection connection;
    private final TableDescription table;

    public PgTableStatistics(Connection connection, TableDescription table) {
        this.connection = requireNonNull(connection, "connection is null");
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public List<String> histogram(SourceColumn key) throws SQLException {
        List<String> values = new ArrayList<>();
        if (!(table.relation() instanceof Relation.NamedTable named)) {
            return values; // pg_stats describes tables; a custom query's result has no statistics
        }
        // The cast names one of the planner's range types (it asks for no other).
        try (PreparedStatement statement = connection.prepareStatement(HISTOGRAM.formatted(key.typeName()))) {
            statement.setString(1, named.name().schema().name());
            statement.setString(2, named.name().table().name());
            statement.setString(3, key.name().name());
            statement.setString(4, named.name().quoted());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    @Override
    public List<String> sampledQuantiles(SourceColumn key, int count) throws SQLException {
        Double[] fractions = new Double[count + 1];
        for (int i = 0; i <= count; i++) {
            fractions[i] = (double) i / count;
        }
        String sample = "";
        if (table.hasPhysicalRows() && table.estimatedRows() > SAMPLE_ROWS) {
            // A custom query (kind q) has no physical rows: TABLESAMPLE only applies to tables.
            double percent = Math.max(0.01, Math.min(100.0, 100.0 * SAMPLE_ROWS / table.estimatedRows()));
            sample = " TABLESAMPLE SYSTEM (" + String.format(Locale.ROOT, "%.4f", percent) + ")";
        }
        String sql = "SELECT unnest(percentile_disc(?::float8[]) WITHIN GROUP (ORDER BY " + key.name().quoted()
                + "))::text FROM " + table.from() + sample;
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("float8", fractions);
            statement.setArray(1, array);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        values.add(rs.getString(1));
                    }
                }
            }
        }
        return values;
    }

    @Override
    public long relationPages() throws SQLException {
        String sql = "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // Asked for ctid plans only, which only tables (named, with physical rows) get: from() is the quoted name.
            statement.setString(1, table.from());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public boolean strictlyIncreasing(List<String> literals) throws SQLException {
        if (literals.size() < 2) {
            return true;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 1; i < literals.size(); i++) {
            sql.append(i == 1 ? "" : " AND ").append(literals.get(i - 1)).append(" < ").append(literals.get(i));
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString());
             ResultSet rs = statement.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
