package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/** How tables are read: concurrency, retries, consistency and partition planning. */
public record ReadSettings(
        int maxConnections, int connectAttempts, SnapshotMode snapshotMode, long rowsPerPartition,
        int maxPartitions) {
    public ReadSettings {
        requireNonNull(snapshotMode, "snapshotMode is null");
    }
}
