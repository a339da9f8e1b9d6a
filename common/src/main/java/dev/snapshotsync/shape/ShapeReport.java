package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What the manifest records about a table's shape: the column plan (with drift) and the sanitize counts. */
public record ShapeReport(ColumnPlan plan, Map<String, Map<String, Long>> sanitizeCounts) {
    public ShapeReport {
        requireNonNull(plan, "plan is null");
        sanitizeCounts = Map.copyOf(sanitizeCounts);
    }
}
