package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one table is read: a {@link Strategy}, the split column, and one SQL predicate per
 * partition over {@link #KEY_ALIAS}. Recorded in the log and the manifest.
 */
public record PartitionPlan(
        Strategy strategy, String column, List<String> predicates, List<String> bounds, long estimatedRows,
        String boundsSource) {
    /** The split expression's alias inside the read subquery; predicates refer to it. */
    public static final String KEY_ALIAS = "snapshot_sync_key";

    /** How the rows are split; {@link #manifestName()} is what the manifest and the log call it. */
    public enum Strategy {
        /** One partition: the whole table in one read. */
        SINGLE("single"),
        /** Ranges of the key between quantile bounds (pg_stats histogram or a sample). */
        RANGE("range"),
        /** Remainders of the key's hash: text and uuid keys, whose order says nothing of their spread. */
        HASH("hash"),
        /** Block ranges of the physical rows ({@code ctid}): tables without a key to split on. */
        CTID("ctid");

        private final String manifestName;

        Strategy(String manifestName) {
            this.manifestName = manifestName;
        }

        public String manifestName() {
            return manifestName;
        }
    }

    public PartitionPlan {
        requireNonNull(strategy, "strategy is null");
        requireNonNull(column, "column is null");
        predicates = List.copyOf(predicates);
        bounds = List.copyOf(bounds);
        requireNonNull(boundsSource, "boundsSource is null");
    }

    public static PartitionPlan single(long estimatedRows) {
        return new PartitionPlan(Strategy.SINGLE, "", List.of(), List.of(), estimatedRows, "");
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
        return strategy.manifestName() + (column.isEmpty() ? "" : " on " + column) + ", " + count() + " partition(s), ~"
                + estimatedRows + " rows" + (boundsSource.isEmpty() ? "" : ", bounds from " + boundsSource)
                + (bounds.isEmpty() ? "" : " " + bounds);
    }
}
