package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The content of a lock object: which run holds the table's day, where it stages (so a run that
 * takes over an expired lease can delete what the dead run left), and until when, as ISO 8601.
 */
public record LockLease(String runId, String staging, String expiresAt) {
    public LockLease {
        requireNonNull(runId, "runId is null");
        requireNonNull(staging, "staging is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public boolean liveAt(Instant now) {
        return Instant.parse(expiresAt).isAfter(now);
    }
}
