package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code target.events}: one Amazon EventBridge event per run, on success and on failure (opt-in).
 * Empty region and endpoint mean the platform's.
 */
public record EventSettings(boolean enabled, String eventBus, String source, String region, String endpoint) {
    public EventSettings {
        requireNonNull(eventBus, "eventBus is null");
        requireNonNull(source, "source is null");
        requireNonNull(region, "region is null");
        requireNonNull(endpoint, "endpoint is null");
    }
}
