package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one table is read: a strategy ({@code single}, {@code range} on quantile bounds,
 * {@code hash}, or {@code ctid} block ranges), the split column, and one SQL predicate per
 * partition over {@link #KEY_ALIAS}. Recorded in the log and the manifest.
 */
public record PartitionPlan(
        String strategy, String column, List<String> predicates, List<String> bounds, long estimatedRows,
        String boundsSource) {
    /** The split expression's alias inside the read subquery; predicates refer to it. */
    public static final String KEY_ALIAS = "snapshot_sync_key";

    public PartitionPlan {
        requireNonNull(strategy, "strategy is null");
        requireNonNull(column, "column is null");
        predicates = List.copyOf(predicates);
        bounds = List.copyOf(bounds);
        requireNonNull(boundsSource, "boundsSource is null");
    }

    public static PartitionPlan single(long estimatedRows) {
        return new PartitionPlan("single", "", List.of(), List.of(), estimatedRows, "");
    }

    public int count() {
        return Math.max(1, predicates.size());
    }

    /**
     * The Spark tasks that read the plan: one per planned partition, at most {@code maxConnections}
     * (source.max-connections); a task then reads its share of the partitions one after another.
     */
    public int tasks(int maxConnections) {
        return Math.min(count(), maxConnections);
    }

    public boolean isSingle() {
        return predicates.isEmpty();
    }

    public String describe() {
        return strategy + (column.isEmpty() ? "" : " on " + column) + ", " + count() + " partition(s), ~"
                + estimatedRows + " rows" + (boundsSource.isEmpty() ? "" : ", bounds from " + boundsSource)
                + (bounds.isEmpty() ? "" : " " + bounds);
    }
}
