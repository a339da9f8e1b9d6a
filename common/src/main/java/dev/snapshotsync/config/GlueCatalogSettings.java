package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * {@code target.glue-catalog}: after a day is published, its table and partition go to the AWS
 * Glue Data Catalog (opt-in). Empty region and endpoint mean the platform's.
 */
public record GlueCatalogSettings(boolean enabled, String database, String tablePrefix, Registration registration,
                                  String region, String endpoint) {
    /** How Athena finds the days: one Glue partition per day, or partition projection on the table. */
    public enum Registration {
        PARTITIONS, PROJECTION;

        static final Map<String, Registration> BY_NAME = Map.of("partitions", PARTITIONS, "projection", PROJECTION);
    }

    public GlueCatalogSettings {
        requireNonNull(database, "database is null");
        requireNonNull(tablePrefix, "tablePrefix is null");
        requireNonNull(registration, "registration is null");
        requireNonNull(region, "region is null");
        requireNonNull(endpoint, "endpoint is null");
    }
}
