package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * A table's rows as they are written, with the column plan and, once the write has run, the
 * number of values each sanitize rule changed in each column (for the manifest).
 */
public record ShapedTable(Dataset<Row> rows, ColumnPlan plan, Optional<Observation> observation,
                          List<CountKey> countKeys) {
    /** The metric name of one column and rule. */
    public record CountKey(String metric, String column, String rule) {}

    public ShapedTable {
        requireNonNull(rows, "rows is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(observation, "observation is null");
        countKeys = List.copyOf(countKeys);
    }

    /**
     * Output column -> rule -> values changed, in plan and rule order; every sanitized column and
     * rule appears, with 0 when nothing changed. Blocks until the write that carries the
     * observation has finished.
     */
    public Map<String, Map<String, Long>> sanitizeCounts() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        if (observation.isEmpty()) {
            return counts;
        }
        Map<String, Object> metrics = ObservedMetrics.await(observation.get(), "the sanitize counts");
        for (CountKey key : countKeys) {
            Object value = metrics.get(key.metric());
            counts.computeIfAbsent(key.column(), c -> new LinkedHashMap<>())
                    .put(key.rule(), value == null ? 0L : ((Number) value).longValue());
        }
        return counts;
    }
}
