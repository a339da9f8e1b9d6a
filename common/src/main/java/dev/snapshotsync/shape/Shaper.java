package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.snapshotsync.config.ColumnAction;
import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.SanitizeRule;
import dev.snapshotsync.types.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a {@link ColumnPlan} to the rows read: types as mapped, sanitize rules, actions, then
 * the format's rendering, with the output names last.
 *
 * <p>Columns carry positional names ({@code c0}, {@code c0_1}, ...) until the final projection,
 * so no hostile name is ever parsed by Spark. Each rule's result is its own column in its own
 * projection, so counting what a rule changed compares two columns instead of re-running the
 * rules before it; the counts are collected with {@code Dataset.observe} during the write itself.
 */
public final class Shaper {
    private static final String SALT = "snapshot_sync_hash_salt";
    private final OutputFormat format;

    public Shaper(OutputFormat format) {
        this.format = format;
    }

    public ShapedTable shape(Dataset<Row> read, ColumnPlan plan) {
        List<PlannedColumn> columns = plan.columns();
        if (read.columns().length != columns.size()) {
            throw new IllegalStateException("read " + read.columns().length + " columns for a plan of " + columns.size());
        }
        Dataset<Row> rows = read.toDF(positional(columns.size()));
        rows = rows.select(readTypes(rows, columns));
        Map<Integer, String> guards = guards(columns);
        rows = withGuards(rows, guards);
        List<String> current = new ArrayList<>(List.of(positional(columns.size())));
        List<ShapedTable.CountKey> keys = new ArrayList<>();
        List<Column> changes = new ArrayList<>();
        for (int stage = 0; stage < maxRules(columns); stage++) {
            List<Column> projection = new ArrayList<>();
            for (String name : rows.columns()) {
                projection.add(col(name));
            }
            for (int i = 0; i < columns.size(); i++) {
                PlannedColumn column = columns.get(i);
                if (!column.sanitized() || column.sanitize().rules().size() <= stage) {
                    continue;
                }
                SanitizeRule configured = column.sanitize().rules().get(stage);
                SanitizeExpression rule = SanitizeExpression.of(configured);
                String next = "c" + i + "_" + (stage + 1);
                Column sanitized = rule.apply(col(current.get(i)), column.sanitize());
                Column changed = not(col(current.get(i)).eqNullSafe(col(next)));
                if (guards.containsKey(i)) {
                    // Values without a trigger character skip every rule and its count (most values).
                    sanitized = when(col(guard(i)), sanitized).otherwise(col(current.get(i)));
                    changed = col(guard(i)).and(changed);
                }
                projection.add(sanitized.as(next));
                String metric = "m" + i + "_" + (stage + 1);
                keys.add(new ShapedTable.CountKey(metric, column.output(), configured.configName()));
                changes.add(changed.as(changeOf(metric)));
                current.set(i, next);
            }
            rows = rows.select(projection.toArray(Column[]::new));
        }
        Optional<Observation> observation = Optional.empty();
        if (!changes.isEmpty()) {
            // The counts are collected from the rows as the observation sees them, which Spark
            // materializes: only the final values and one flag per rule go there, not every
            // rule's intermediate copy of the text.
            List<Column> observed = new ArrayList<>();
            current.forEach(name -> observed.add(col(name)));
            observed.addAll(changes);
            List<Column> metrics = new ArrayList<>();
            for (ShapedTable.CountKey key : keys) {
                metrics.add(sum(when(col(changeOf(key.metric())), 1L).otherwise(0L)).as(key.metric()));
            }
            Observation counts = new Observation("sanitize-" + UUID.randomUUID());
            rows = rows.select(observed.toArray(Column[]::new))
                    .observe(counts, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
            observation = Optional.of(counts);
        }
        return new ShapedTable(withSalt(rows, plan).select(output(plan, current)), plan, observation, keys);
    }

    /**
     * The guard of each sanitized column whose rules all have a trigger (by column index): a
     * character class of every rule's trigger characters. A value with none of them is left as it
     * is by every rule (each rule then sees the original value), so one scan for the class replaces
     * the chain of replacements and the comparisons that count them, for the clean values that most
     * rows hold.
     */
    private static Map<Integer, String> guards(List<PlannedColumn> columns) {
        Map<Integer, String> guards = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            PlannedColumn column = columns.get(i);
            List<SanitizeExpression> rules = column.sanitize().rules().stream().map(SanitizeExpression::of).toList();
            if (column.sanitized() && !rules.isEmpty() && rules.stream().allMatch(r -> r.trigger() != null)) {
                guards.put(i, rules.stream().map(SanitizeExpression::trigger).collect(Collectors.joining("", "[", "]")));
            }
        }
        return guards;
    }

    /** The rows with a boolean column {@link #guard(int)} per guarded column: whether the value holds its class. */
    private static Dataset<Row> withGuards(Dataset<Row> rows, Map<Integer, String> guards) {
        if (guards.isEmpty()) {
            return rows;
        }
        List<Column> projection = new ArrayList<>();
        for (String name : rows.columns()) {
            projection.add(col(name));
        }
        guards.forEach((i, characters) -> projection.add(functions.udf(CharacterScan.of(characters),
                DataTypes.BooleanType).apply(col("c" + i).cast(DataTypes.BinaryType)).as(guard(i))));
        return rows.select(projection.toArray(Column[]::new));
    }

    /** The flag column of whether a rule changed a value, named after the rule's count. */
    private static String changeOf(String metric) {
        return "changed_" + metric;
    }

    private static String guard(int column) {
        return "g" + column;
    }

    /**
     * Hashed columns need the salt. A literal would print it in every plan Spark shows (EXPLAIN,
     * the UI, event logs), so it comes from a one-row local relation instead, whose values plans do
     * not print; the cross join with it is a broadcast of one row.
     */
    private static Dataset<Row> withSalt(Dataset<Row> rows, ColumnPlan plan) {
        if (plan.columns().stream().noneMatch(c -> c.action() == ColumnAction.HASH)) {
            return rows;
        }
        StructType schema = new StructType().add(SALT, DataTypes.StringType, false);
        Dataset<Row> salt = rows.sparkSession().createDataFrame(List.of(RowFactory.create(plan.hashSalt().reveal())),
                schema);
        return rows.crossJoin(salt);
    }

    private static Column[] readTypes(Dataset<Row> rows, List<PlannedColumn> columns) {
        Column[] typed = new Column[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column value = col("c" + i);
            String readType = rows.schema().fields()[i].dataType().catalogString();
            // Spark's PostgresDialect maps some types differently in 3.5 and 4.1 (smallint, arrays);
            // the documented Spark type is the contract, whatever the dialect chose.
            typed[i] = readType.equals(columns.get(i).mapped().sparkType().catalogString())
                    ? value : value.cast(columns.get(i).mapped().sparkType()).as("c" + i);
        }
        return typed;
    }

    private Column[] output(ColumnPlan plan, List<String> current) {
        List<PlannedColumn> columns = plan.columns();
        List<Column> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            values.add(act(columns.get(i), col(current.get(i)), plan));
        }
        return switch (format) {
            case JSON -> FormatRendering.jsonColumns(plan.outputNames(), values,
                    columns.stream().map(PlannedColumn::outputKind).toList(),
                    columns.stream().map(PlannedColumn::outputType).toList());
            case CSV -> rendered(columns, values, FormatRendering::csv);
            case PARQUET, DELTA -> rendered(columns, values, FormatRendering::parquet);
        };
    }

    private static Column[] rendered(List<PlannedColumn> columns, List<Column> values,
                                     java.util.function.BiFunction<Column, ValueKind, Column> render) {
        Column[] out = new Column[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            out[i] = render.apply(values.get(i), columns.get(i).outputKind()).as(columns.get(i).output());
        }
        return out;
    }

    private static Column act(PlannedColumn column, Column value, ColumnPlan plan) {
        return switch (column.action()) {
            case KEEP -> column.outputType().equals(column.mapped().sparkType()) ? value
                    : value.cast(column.outputType());
            case HASH -> sha2(concat(col(SALT), value.cast("string")), 256);
            case MASK -> functions.call_function("mask", value.cast("string"));
            case NULLIFY -> lit(null).cast(column.outputType());
            case EXCLUDE -> throw new IllegalStateException("excluded column " + column.output() + " in the plan");
        };
    }

    private static int maxRules(List<PlannedColumn> columns) {
        return columns.stream().filter(PlannedColumn::sanitized).mapToInt(c -> c.sanitize().rules().size()).max()
                .orElse(0);
    }

    private static String[] positional(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "c" + i;
        }
        return names;
    }
}
