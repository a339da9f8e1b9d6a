package dev.snapshotsync.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The part of a table's manifest that reading and shaping know (where the rows came from, the
 * column plan, sanitize counts, the partition plan, the key, drift); the write side adds the
 * files, counts, format and encryption when it writes the manifest.
 */
public record TableOrigin(String table, Manifest.SourceInfo source, List<Manifest.ColumnEntry> columns,
                          List<Manifest.SanitizationCount> sanitization, Manifest.PartitionPlanInfo partitions,
                          List<String> primaryKey, List<Manifest.DriftEntry> drift) {
    public TableOrigin {
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        columns = List.copyOf(columns);
        sanitization = List.copyOf(sanitization);
        requireNonNull(partitions, "partitions is null");
        primaryKey = List.copyOf(primaryKey);
        drift = List.copyOf(drift);
    }
}
