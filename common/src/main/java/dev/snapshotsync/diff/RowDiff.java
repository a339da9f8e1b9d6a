package dev.snapshotsync.diff;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.shape.ObservedMetrics;
import dev.snapshotsync.sink.DayReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Compares two days as one Spark job: each day's rows packed into a struct, a full outer join on
 * the key with null-safe equality (a NULL key matches a NULL key; Spark plans it as an equi-join,
 * not a nested loop), each matched row classified by null-safe comparison of the common columns.
 * The counts are observed while the changed rows are written, so the days are read once.
 *
 * <p>Output schema (one row per key that differs): {@code key} (struct of the key columns),
 * {@code change} (added, removed or changed), {@code changed_columns} (for changed rows, the
 * common columns whose value differs, in column order), {@code old} and {@code new} (the whole row
 * of each day, NULL on the side where it is absent). Fixed top-level names, so no table column can
 * collide with them.
 */
public final class RowDiff {
    public static final String KEY = "key";
    public static final String CHANGE = "change";
    public static final String CHANGED_COLUMNS = "changed_columns";
    public static final String OLD = "old";
    public static final String NEW = "new";
    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String CHANGED = "changed";
    public static final String UNCHANGED = "unchanged";

    private final SchemaComparison schema;

    public RowDiff(SchemaComparison schema) {
        this.schema = requireNonNull(schema, "schema is null");
    }

    /** The rows that differ, lazily; write them, then read the counts from {@link Changes#counts()}. */
    public Changes compare(Dataset<Row> before, Dataset<Row> after) {
        Dataset<Row> left = before.select(functions.struct(columns(before)).as(OLD));
        Dataset<Row> right = after.select(functions.struct(columns(after)).as(NEW));
        Column on = null;
        for (String key : schema.key()) {
            Column same = left.col(OLD).getField(key).eqNullSafe(right.col(NEW).getField(key));
            on = on == null ? same : on.and(same);
        }
        Column oldRow = functions.col(OLD);
        Column newRow = functions.col(NEW);
        Column changedColumns = changedColumns(oldRow, newRow);
        Column change = functions.when(oldRow.isNull(), ADDED)
                .when(newRow.isNull(), REMOVED)
                .when(functions.size(changedColumns).gt(0), CHANGED)
                .otherwise(UNCHANGED);
        Dataset<Row> classified = left.join(right, on, "full_outer").select(
                key(oldRow, newRow).as(KEY),
                change.as(CHANGE),
                functions.when(change.equalTo(CHANGED), changedColumns).as(CHANGED_COLUMNS),
                oldRow,
                newRow);
        Observation observation = new Observation("diff-" + UUID.randomUUID());
        Dataset<Row> observed = classified.observe(observation, count(functions.col(CHANGE).equalTo(ADDED), ADDED),
                metrics().toArray(Column[]::new));
        return new Changes(observed.where(functions.col(CHANGE).notEqual(UNCHANGED)), observation, schema.compared());
    }

    private static Column[] columns(Dataset<Row> day) {
        return Arrays.stream(day.schema().fieldNames()).map(name -> day.col(DayReader.quoted(name)))
                .toArray(Column[]::new);
    }

    /** The key columns of whichever side has the row (both sides agree where both have it). */
    private Column key(Column oldRow, Column newRow) {
        return functions.struct(schema.key().stream()
                .map(k -> functions.coalesce(oldRow.getField(k), newRow.getField(k)).as(k))
                .toArray(Column[]::new));
    }

    /** The compared columns whose values differ; a column whose type changed is compared as text. */
    private Column changedColumns(Column oldRow, Column newRow) {
        List<Column> names = new ArrayList<>();
        List<String> retyped = schema.typeChanged().stream().map(SchemaComparison.TypeChange::column).toList();
        for (String column : schema.compared()) {
            Column before = oldRow.getField(column);
            Column after = newRow.getField(column);
            if (retyped.contains(column)) {
                before = before.cast("string");
                after = after.cast("string");
            }
            names.add(functions.when(functions.not(before.eqNullSafe(after)), functions.lit(column)));
        }
        return names.isEmpty()
                ? functions.array().cast("array<string>")
                : functions.array_compact(functions.array(names.toArray(Column[]::new)));
    }

    private List<Column> metrics() {
        List<Column> metrics = new ArrayList<>();
        metrics.add(count(functions.col(CHANGE).equalTo(REMOVED), REMOVED));
        metrics.add(count(functions.col(CHANGE).equalTo(CHANGED), CHANGED));
        metrics.add(count(functions.col(CHANGE).equalTo(UNCHANGED), UNCHANGED));
        for (int i = 0; i < schema.compared().size(); i++) {
            // Positional names: column names may hold anything, metric names are looked up by text.
            metrics.add(count(functions.array_contains(functions.col(CHANGED_COLUMNS), schema.compared().get(i)),
                    "column_" + i));
        }
        return metrics;
    }

    private static Column count(Column condition, String name) {
        return functions.count(functions.when(condition, functions.lit(1))).as(name);
    }

    /** The changed rows and, once they have been written, the counts. */
    public static final class Changes {
        private final Dataset<Row> rows;
        private final Observation observation;
        private final List<String> compared;

        Changes(Dataset<Row> rows, Observation observation, List<String> compared) {
            this.rows = rows;
            this.observation = observation;
            this.compared = compared;
        }

        public Dataset<Row> rows() {
            return rows;
        }

        /** Blocks until the write of {@link #rows()} has finished. */
        public DiffSummary.Counts counts() {
            Map<String, Object> metrics = ObservedMetrics.await(observation, "the diff counts");
            Map<String, Long> perColumn = new LinkedHashMap<>();
            for (int i = 0; i < compared.size(); i++) {
                perColumn.put(compared.get(i), number(metrics, "column_" + i));
            }
            long added = number(metrics, ADDED);
            long removed = number(metrics, REMOVED);
            long changed = number(metrics, CHANGED);
            long unchanged = number(metrics, UNCHANGED);
            return new DiffSummary.Counts(removed + changed + unchanged, added + changed + unchanged, added, removed,
                    changed, unchanged, perColumn);
        }

        private static long number(Map<String, Object> metrics, String name) {
            return ((Number) metrics.get(name)).longValue();
        }
    }
}
