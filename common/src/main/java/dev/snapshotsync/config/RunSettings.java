package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of a run as a whole: whether a --date after today is accepted, and how often it
 * reports its progress while it works.
 */
public record RunSettings(boolean allowFutureDates, Duration progressInterval) {
    public RunSettings {
        requireNonNull(progressInterval, "progressInterval is null");
    }
}
