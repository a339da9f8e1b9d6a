package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/** How tables are read: concurrency, retries, consistency, partition planning and the wire protocol. */
public record ReadSettings(
        int maxConnections, int connectAttempts, SnapshotMode snapshotMode, long rowsPerPartition,
        int maxPartitions, ReadProtocol protocol) {
    public ReadSettings {
        requireNonNull(snapshotMode, "snapshotMode is null");
        requireNonNull(protocol, "protocol is null");
    }
}
