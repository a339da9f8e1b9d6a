package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How a run reports on itself while it works. */
public record RunSettings(Duration progressInterval) {
    public RunSettings {
        requireNonNull(progressInterval, "progressInterval is null");
    }
}
