package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The instant a run read: the exported snapshot, or none (each partition in its own transaction). */
public record SourceSnapshot(Optional<String> snapshotId, String serverVersion) {
    public SourceSnapshot {
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(serverVersion, "serverVersion is null");
    }

    public boolean consistent() {
        return snapshotId.isPresent();
    }

    public String describe() {
        return snapshotId.map(id -> "snapshot " + id + " of PostgreSQL " + serverVersion + ": every table shows one "
                        + "instant (consistent)")
                .orElse("no snapshot: each partition was read in its own transaction (not consistent)");
    }
}
