package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The per table and day lock: a run holds a lease of {@code lease}, renewed while it runs; a run
 * that finds another's live lease waits up to {@code waitTimeout} for it to end, then fails.
 */
public record LockSettings(Duration lease, Duration waitTimeout) {
    public LockSettings {
        requireNonNull(lease, "lease is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
    }
}
