package dev.snapshotsync.source;

import dev.snapshotsync.config.PartitionSettings;
import dev.snapshotsync.config.ReadSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.SqlLiteral;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a table's parallel read from the catalog and statistics rather than from hand-made
 * bounds: numbers, dates and timestamps split on quantiles (pg_stats histogram, else a sample),
 * so a skewed key still gives balanced partitions; text and uuid split by hash; tables without a
 * usable key by ctid block ranges (PostgreSQL 14+ reads those with a TID range scan). NULL keys go
 * to the first partition, so every row is read exactly once.
 */
public final class PartitionPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionPlanner.class);
    private static final Set<String> NUMERIC = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");
    /** Temporal types and the cast their literals get. */
    private static final Map<String, String> TEMPORAL = Map.of(
            "date", "date", "timestamp", "timestamp", "timestamptz", "timestamptz");
    private static final Set<String> HASHED = Set.of("text", "varchar", "bpchar", "uuid", "citext");
    private static final String HISTOGRAM = """
            SELECT u.bound FROM pg_catalog.pg_stats s,
                   unnest(s.histogram_bounds::text::text[]) WITH ORDINALITY AS u(bound, position)
            WHERE s.schemaname = ? AND s.tablename = ? AND s.attname = ?
            ORDER BY u.position
            """;
    private static final long SAMPLE_ROWS = 100_000;

    private final Connection connection;
    private final ReadSettings read;

    public PartitionPlanner(Connection connection, ReadSettings read) {
        this.connection = connection;
        this.read = read;
    }

    public PartitionPlan plan(String tableName, TableDescription table, PartitionSettings override) throws SQLException {
        long rows = estimateRows(table);
        if (rows < 0) {
            rows = table.hasPhysicalRows() ? relationPages(table) * 100 : 0;
        }
        int wanted = override.count() > 0 ? override.count() : plannedCount(rows);
        PartitionPlan plan = wanted <= 1 ? PartitionPlan.single(rows) : planSplit(tableName, table, override, wanted, rows);
        if (override.count() > 0 && plan.count() != override.count()) {
            LOG.warn("table {}: {} partitions requested (tables.{}.partition.count), {} planned: {}", tableName,
                    override.count(), tableName, plan.count(), plan.describe());
        }
        LOG.info("table {}: partition plan: {}", tableName, plan.describe());
        return plan;
    }

    private PartitionPlan planSplit(String tableName, TableDescription table, PartitionSettings override, int wanted,
                                    long rows) throws SQLException {
        SourceColumn key = chooseKey(tableName, table, override);
        if (key == null) {
            if (table.hasPhysicalRows()) {
                return ctidPlan(table, wanted, rows);
            }
            LOG.warn("table {}: {} partitions wanted but '{}' has no primary key to split on and no ctid; reading it "
                    + "in one partition. Set tables.{}.partition.column to split it.", tableName, wanted, table.name(),
                    tableName);
            return PartitionPlan.single(rows);
        }
        if (HASHED.contains(key.typeName())) {
            return hashPlan(key, wanted, rows);
        }
        return rangePlan(tableName, table, key, wanted, rows);
    }

    private SourceColumn chooseKey(String tableName, TableDescription table, PartitionSettings override) {
        if (!override.column().isEmpty()) {
            SourceColumn column = table.column(override.column()).orElseThrow(() -> ConfigurationException.of(
                    "column '" + override.column() + "' for 'snapshot-sync.tables." + tableName + ".partition.column' "
                            + "does not exist in " + table.name() + ". Columns: " + String.join(", ",
                            table.columns().stream().map(c -> c.name().name()).toList()) + "."));
            if (!splittable(column)) {
                throw ConfigurationException.of("column '" + override.column() + "' for 'snapshot-sync.tables."
                        + tableName + ".partition.column' has type " + column.declaredType() + ", which cannot be "
                        + "split. Allowed: a number, date, timestamp, text or uuid column.");
            }
            return column;
        }
        if (table.primaryKey().isEmpty()) {
            return null;
        }
        SourceColumn first = table.column(table.primaryKey().get(0)).orElseThrow();
        return splittable(first) ? first : null;
    }

    private static boolean splittable(SourceColumn column) {
        String type = column.typeName();
        return NUMERIC.contains(type) || TEMPORAL.containsKey(type) || HASHED.contains(type);
    }

    private PartitionPlan rangePlan(String tableName, TableDescription table, SourceColumn key, int wanted, long rows)
            throws SQLException {
        String source = "pg_stats histogram";
        List<String> quantiles = histogram(table, key);
        if (quantiles.size() < 2) {
            source = "sample";
            quantiles = sampledQuantiles(table, key, wanted);
        }
        List<String> bounds = pickBounds(quantiles, wanted, key);
        if (bounds.isEmpty()) {
            LOG.warn("table {}: no distinct bounds found for '{}'; reading it in one partition", tableName,
                    key.name().name());
            return PartitionPlan.single(rows);
        }
        List<String> literals = bounds.stream().map(b -> literal(b, key)).toList();
        List<String> predicates = new ArrayList<>();
        String k = PartitionPlan.KEY_ALIAS;
        predicates.add(k + " < " + literals.get(0) + " OR " + k + " IS NULL");
        for (int i = 1; i < literals.size(); i++) {
            predicates.add(k + " >= " + literals.get(i - 1) + " AND " + k + " < " + literals.get(i));
        }
        predicates.add(k + " >= " + literals.get(literals.size() - 1));
        return new PartitionPlan("range", key.name().name(), predicates, bounds, rows, source);
    }

    /** count - 1 bounds at evenly spaced positions of the ordered quantiles, without repeats. */
    static List<String> pickBounds(List<String> quantiles, int count, SourceColumn key) {
        Set<String> bounds = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            String value = quantiles.get((int) Math.round((double) i * (quantiles.size() - 1) / count));
            if (!NUMERIC.contains(key.typeName()) || isFinite(value)) {
                bounds.add(value);
            }
        }
        return new ArrayList<>(bounds);
    }

    private static boolean isFinite(String number) {
        try {
            new BigDecimal(number);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String literal(String value, SourceColumn key) {
        if (NUMERIC.contains(key.typeName())) {
            return new BigDecimal(value).toPlainString();
        }
        return SqlLiteral.quote(value) + "::" + TEMPORAL.get(key.typeName());
    }

    private List<String> histogram(TableDescription table, SourceColumn key) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(HISTOGRAM)) {
            statement.setString(1, table.name().schema().name());
            statement.setString(2, table.name().table().name());
            statement.setString(3, key.name().name());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private List<String> sampledQuantiles(TableDescription table, SourceColumn key, int count) throws SQLException {
        Double[] fractions = new Double[count + 1];
        for (int i = 0; i <= count; i++) {
            fractions[i] = (double) i / count;
        }
        String sample = "";
        if (table.hasPhysicalRows() && table.estimatedRows() > SAMPLE_ROWS) {
            // A custom query (kind q) has no physical rows: TABLESAMPLE only applies to tables.
            double percent = Math.max(0.01, Math.min(100.0, 100.0 * SAMPLE_ROWS / table.estimatedRows()));
            sample = " TABLESAMPLE SYSTEM (" + String.format(java.util.Locale.ROOT, "%.4f", percent) + ")";
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

    private static PartitionPlan hashPlan(SourceColumn key, int count, long rows) {
        List<String> predicates = new ArrayList<>();
        String hash = "mod(abs(hashtext(" + PartitionPlan.KEY_ALIAS + "::text)::bigint), " + count + ")";
        for (int i = 0; i < count; i++) {
            predicates.add(hash + " = " + i + (i == 0 ? " OR " + PartitionPlan.KEY_ALIAS + " IS NULL" : ""));
        }
        return new PartitionPlan("hash", key.name().name(), predicates, List.of(), rows, "");
    }

    private PartitionPlan ctidPlan(TableDescription table, int count, long rows) throws SQLException {
        long pages = table.pages() > 0 ? table.pages() : relationPages(table);
        int parts = (int) Math.max(1, Math.min(count, pages));
        if (parts == 1) {
            return PartitionPlan.single(rows);
        }
        long step = (pages + parts - 1) / parts;
        List<String> bounds = new ArrayList<>();
        List<String> predicates = new ArrayList<>();
        String k = PartitionPlan.KEY_ALIAS;
        for (int i = 0; i < parts; i++) {
            String lower = i == 0 ? "" : k + " >= '(" + i * step + ",0)'::tid";
            String upper = i == parts - 1 ? "" : k + " < '(" + (i + 1) * step + ",0)'::tid";
            predicates.add(lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + " AND " + upper);
            if (i > 0) {
                bounds.add("(" + i * step + ",0)");
            }
        }
        return new PartitionPlan("ctid", "ctid", predicates, bounds, rows, "relation size (" + pages + " pages)");
    }

    private long relationPages(TableDescription table) throws SQLException {
        String sql = "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.name().quoted());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** -1 when the table was never analyzed: then about 100 rows per 8 KiB page is a fair guess. */
    private static long estimateRows(TableDescription table) {
        return table.estimatedRows();
    }

    private int plannedCount(long rows) {
        long count = (rows + read.rowsPerPartition() - 1) / read.rowsPerPartition();
        return (int) Math.max(1, Math.min(read.maxPartitions(), count));
    }
}
