package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.PartitionSettings;
import dev.snapshotsync.config.ReadSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.SqlLiteral;
import java.math.BigDecimal;
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
 * to the first partition, so every row is read exactly once. Pure: the statistics it needs come
 * from a {@link TableStatistics} (the database's, or fixed ones in tests), asked only as needed.
 */
public final class PartitionPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionPlanner.class);
    private static final Set<String> NUMERIC = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");
    /** Temporal types and the cast their literals get. */
    private static final Map<String, String> TEMPORAL = Map.of(
            "date", "date", "timestamp", "timestamp", "timestamptz", "timestamptz");
    private static final Set<String> HASHED = Set.of("text", "varchar", "bpchar", "uuid", "citext");

    private final ReadSettings read;

    public PartitionPlanner(ReadSettings read) {
        this.read = requireNonNull(read, "read is null");
    }

    /** The plan for one table; {@code statistics} is asked only what the plan needs. */
    public PartitionPlan plan(String tableName, TableDescription table, PartitionSettings override,
                              TableStatistics statistics) throws SQLException {
        long rows = estimateRows(table);
        if (rows < 0) {
            rows = table.hasPhysicalRows() ? statistics.relationPages() * 100 : 0;
        }
        int wanted = override.count() > 0 ? override.count() : plannedCount(rows);
        PartitionPlan plan = wanted <= 1 ? PartitionPlan.single(rows) : planSplit(tableName, table, override, wanted, rows,
                statistics);
        if (override.count() > 0 && plan.count() != override.count()) {
            LOG.warn("table {}: {} partitions requested (tables.{}.partition.count), {} planned: {}", tableName,
                    override.count(), tableName, plan.count(), plan.describe());
        }
        checkCoversEveryKeyOnce(tableName, plan, plan.strategy() == PartitionPlan.Strategy.RANGE
                ? table.column(plan.column()).orElseThrow() : null, statistics);
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
    private static void checkCoversEveryKeyOnce(String tableName, PartitionPlan plan, SourceColumn key,
                                                TableStatistics statistics) throws SQLException {
        List<String> expected = switch (plan.strategy()) {
            case SINGLE -> List.of();
            case RANGE -> rangePredicates(plan.bounds().stream().map(b -> literal(b, key)).toList());
            case HASH -> hashPredicates(plan.count());
            case CTID -> ctidPredicates(plan.bounds().stream()
                    .map(b -> Long.parseLong(b.substring(1, b.indexOf(',')))).toList());
        };
        boolean increasing = plan.strategy() != PartitionPlan.Strategy.RANGE || (NUMERIC.contains(key.typeName())
                ? strictlyIncreasing(plan.bounds().stream().map(BigDecimal::new).toList())
                : statistics.strictlyIncreasing(plan.bounds().stream().map(b -> literal(b, key)).toList()));
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

    private static PartitionPlan planSplit(String tableName, TableDescription table, PartitionSettings override,
                                           int wanted, long rows, TableStatistics statistics) throws SQLException {
        SourceColumn key = chooseKey(tableName, table, override);
        if (key == null) {
            if (table.hasPhysicalRows()) {
                return ctidPlan(table, wanted, rows, statistics);
            }
            LOG.warn("table {}: {} partitions wanted but '{}' has no primary key to split on and no ctid; reading it "
                    + "in one partition. Set tables.{}.partition.column to split it.", tableName, wanted, table.relation().label(),
                    tableName);
            return PartitionPlan.single(rows);
        }
        if (HASHED.contains(key.typeName())) {
            return hashPlan(key, wanted, rows);
        }
        return rangePlan(tableName, key, wanted, rows, statistics);
    }

    private static SourceColumn chooseKey(String tableName, TableDescription table, PartitionSettings override) {
        if (!override.column().isEmpty()) {
            SourceColumn column = table.column(override.column()).orElseThrow(() -> ConfigurationException.of(
                    "column '" + override.column() + "' for 'snapshot-sync.tables." + tableName + ".partition.column' "
                            + "does not exist in " + table.relation().label() + ". Columns: " + String.join(", ",
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

    private static PartitionPlan rangePlan(String tableName, SourceColumn key, int wanted, long rows,
                                           TableStatistics statistics) throws SQLException {
        String source = "pg_stats histogram";
        List<String> quantiles = statistics.histogram(key);
        if (quantiles.size() < 2) {
            source = "sample";
            quantiles = statistics.sampledQuantiles(key, wanted);
        }
        List<String> bounds = pickBounds(quantiles, wanted, key);
        if (bounds.isEmpty()) {
            LOG.warn("table {}: no distinct bounds found for '{}'; reading it in one partition", tableName,
                    key.name().name());
            return PartitionPlan.single(rows);
        }
        List<String> literals = bounds.stream().map(b -> literal(b, key)).toList();
        return new PartitionPlan(PartitionPlan.Strategy.RANGE, key.name().name(), rangePredicates(literals), bounds,
                rows, source);
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

    private static PartitionPlan hashPlan(SourceColumn key, int count, long rows) {
        return new PartitionPlan(PartitionPlan.Strategy.HASH, key.name().name(), hashPredicates(count), List.of(), rows,
                "");
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

    private static PartitionPlan ctidPlan(TableDescription table, int count, long rows, TableStatistics statistics)
            throws SQLException {
        long pages = table.pages() > 0 ? table.pages() : statistics.relationPages();
        int parts = (int) Math.max(1, Math.min(count, pages));
        if (parts == 1) {
            return PartitionPlan.single(rows);
        }
        long step = (pages + parts - 1) / parts;
        List<Long> blocks = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            blocks.add(i * step);
        }
        return new PartitionPlan(PartitionPlan.Strategy.CTID, "ctid", ctidPredicates(blocks), blocks.stream().map(b -> "(" + b + ",0)")
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

    /** -1 when the table was never analyzed: then about 100 rows per 8 KiB page is a fair guess. */
    private static long estimateRows(TableDescription table) {
        return table.estimatedRows();
    }

    private int plannedCount(long rows) {
        long count = (rows + read.rowsPerPartition() - 1) / read.rowsPerPartition();
        return (int) Math.max(1, Math.min(read.maxPartitions(), count));
    }
}
