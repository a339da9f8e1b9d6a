package dev.snapshotsync.source;

import dev.snapshotsync.config.PartitionSettings;
import dev.snapshotsync.config.ReadSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.SourceColumn;
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
import java.util.TreeMap;
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
        checkCoversEveryKeyOnce(tableName, plan, plan.strategy().equals("range")
                ? table.column(plan.column()).orElseThrow() : null);
        LOG.info("table {}: partition plan: {}", tableName, plan.describe());
        return plan;
    }

    /**
     * Rebuilds the predicates from the plan's bounds by the one rule for each strategy and checks
     * that they are what will be read, and that range bounds are strictly increasing in the key's
     * own order (asked of the server for dates and timestamps). Together: every key, NULL
     * included, falls in exactly one partition. A plan that fails this is our bug (exit 1), found
     * before anything is read.
     */
    private void checkCoversEveryKeyOnce(String tableName, PartitionPlan plan, SourceColumn key) throws SQLException {
        List<String> expected = switch (plan.strategy()) {
            case "single" -> List.of();
            case "range" -> rangePredicates(plan.bounds().stream().map(b -> literal(b, key)).toList());
            case "hash" -> hashPredicates(plan.count());
            case "ctid" -> ctidPredicates(plan.bounds().stream()
                    .map(b -> Long.parseLong(b.substring(1, b.indexOf(',')))).toList());
            default -> throw new IllegalStateException("table " + tableName + ": unknown partition strategy "
                    + plan.strategy());
        };
        boolean increasing = !plan.strategy().equals("range") || (NUMERIC.contains(key.typeName())
                ? strictlyIncreasing(plan.bounds().stream().map(BigDecimal::new).toList())
                : strictlyIncreasingOnServer(plan.bounds().stream().map(b -> literal(b, key)).toList()));
        if (!increasing || !expected.equals(plan.predicates())) {
            throw new IllegalStateException("table " + tableName + ": the partition plan (" + plan.describe()
                    + ") does not read every key exactly once: bounds " + (increasing ? "" : "not ")
                    + "strictly increasing, predicates " + plan.predicates() + ". This is a bug in snapshot-sync; "
                    + "as a workaround set tables." + tableName + ".partition.count = 1.");
        }
    }

    /** True when each bound is greater than the one before, so the ranges between them do not overlap. */
    static boolean strictlyIncreasing(List<BigDecimal> bounds) {
        for (int i = 1; i < bounds.size(); i++) {
            if (bounds.get(i - 1).compareTo(bounds.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private boolean strictlyIncreasingOnServer(List<String> literals) throws SQLException {
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
        return new PartitionPlan("range", key.name().name(), rangePredicates(literals), bounds, rows, source);
    }

    /**
     * The range rule: below the first bound (and NULL), between consecutive bounds (lower bound
     * included), from the last bound up. With strictly increasing bounds, each key is in one.
     */
    static List<String> rangePredicates(List<String> literals) {
        List<String> predicates = new ArrayList<>();
        String k = PartitionPlan.KEY_ALIAS;
        predicates.add(k + " < " + literals.get(0) + " OR " + k + " IS NULL");
        for (int i = 1; i < literals.size(); i++) {
            predicates.add(k + " >= " + literals.get(i - 1) + " AND " + k + " < " + literals.get(i));
        }
        predicates.add(k + " >= " + literals.get(literals.size() - 1));
        return predicates;
    }

    /**
     * count - 1 bounds at evenly spaced positions of the quantiles, strictly increasing: numbers are
     * put in numeric order and repeats (such as 5 and 5.0) dropped here, whatever order they came
     * in; dates and timestamps come from the server distinct and in their type's order.
     */
    static List<String> pickBounds(List<String> quantiles, int count, SourceColumn key) {
        List<String> ordered = quantiles;
        if (NUMERIC.contains(key.typeName())) {
            TreeMap<BigDecimal, String> numbers = new TreeMap<>();
            quantiles.stream().filter(PartitionPlanner::isFinite).forEach(q -> numbers.putIfAbsent(new BigDecimal(q), q));
            ordered = new ArrayList<>(numbers.values());
        }
        if (ordered.size() < 2) {
            return List.of();
        }
        Set<String> bounds = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            bounds.add(ordered.get((int) Math.round((double) i * (ordered.size() - 1) / count)));
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
        // The cast names one of the NUMERIC or TEMPORAL types (splittable() allowed no other here).
        try (PreparedStatement statement = connection.prepareStatement(HISTOGRAM.formatted(key.typeName()))) {
            statement.setString(1, table.name().schema().name());
            statement.setString(2, table.name().table().name());
            statement.setString(3, key.name().name());
            statement.setString(4, table.name().quoted());
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
        return new PartitionPlan("hash", key.name().name(), hashPredicates(count), List.of(), rows, "");
    }

    /** The hash rule: each remainder 0 to count - 1 once, NULL with remainder 0. */
    static List<String> hashPredicates(int count) {
        List<String> predicates = new ArrayList<>();
        String hash = "mod(abs(hashtext(" + PartitionPlan.KEY_ALIAS + "::text)::bigint), " + count + ")";
        for (int i = 0; i < count; i++) {
            predicates.add(hash + " = " + i + (i == 0 ? " OR " + PartitionPlan.KEY_ALIAS + " IS NULL" : ""));
        }
        return predicates;
    }

    private PartitionPlan ctidPlan(TableDescription table, int count, long rows) throws SQLException {
        long pages = table.pages() > 0 ? table.pages() : relationPages(table);
        int parts = (int) Math.max(1, Math.min(count, pages));
        if (parts == 1) {
            return PartitionPlan.single(rows);
        }
        long step = (pages + parts - 1) / parts;
        List<Long> blocks = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            blocks.add(i * step);
        }
        return new PartitionPlan("ctid", "ctid", ctidPredicates(blocks), blocks.stream().map(b -> "(" + b + ",0)")
                .toList(), rows, "relation size (" + pages + " pages)");
    }

    /** The ctid rule: block ranges between increasing first blocks, open at both ends. */
    static List<String> ctidPredicates(List<Long> blocks) {
        List<String> predicates = new ArrayList<>();
        String k = PartitionPlan.KEY_ALIAS;
        for (int i = 0; i <= blocks.size(); i++) {
            String lower = i == 0 ? "" : k + " >= '(" + blocks.get(i - 1) + ",0)'::tid";
            String upper = i == blocks.size() ? "" : k + " < '(" + blocks.get(i) + ",0)'::tid";
            predicates.add(lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + " AND " + upper);
        }
        return predicates;
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
