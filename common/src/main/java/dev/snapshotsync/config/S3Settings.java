package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Connection settings for S3-compatible endpoints. Empty strings mean "AWS defaults": the
 * platform's endpoint, region and credential chain (Glue and EMR roles).
 */
public record S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, Secret secretKey) {
    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
    }
}
