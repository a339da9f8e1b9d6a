package dev.snapshotsync.source;

import dev.snapshotsync.sql.SourceColumn;
import java.sql.SQLException;
import java.util.List;

/**
 * What the partition planner asks of the source about one table, each question only when the
 * plan needs its answer (a sample is read only when pg_stats has no histogram). The database
 * answers through {@link PgTableStatistics}; tests answer with fixed histograms.
 */
public interface TableStatistics {

    /** The key's pg_stats histogram bounds, distinct and in the key type's order; fewer than two: none. */
    List<String> histogram(SourceColumn key) throws SQLException;

    /** {@code count + 1} evenly spaced quantiles of the key over the rows (or a sample of a large table). */
    List<String> sampledQuantiles(SourceColumn key, int count) throws SQLException;

    /** The relation's size in pages, when the catalog's estimate is unknown. */
    long relationPages() throws SQLException;

    /** True when each literal (of a date or time stamp type) is less than the next in that type's order. */
    boolean strictlyIncreasing(List<String> literals) throws SQLException;
}
