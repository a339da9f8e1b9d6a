package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.shape.ShapeReport;
import dev.snapshotsync.source.PartitionPlan;
import java.util.List;

/** What one table's export produced. */
public record TableResult(String table, String source, long rows, String dayPrefix, List<String> files,
                          ShapeReport shape, PartitionPlan partitions) {
    public TableResult {
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        requireNonNull(dayPrefix, "dayPrefix is null");
        files = List.copyOf(files);
        requireNonNull(shape, "shape is null");
        requireNonNull(partitions, "partitions is null");
    }
}
