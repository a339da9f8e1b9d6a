package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Connection settings for S3-compatible endpoints. Empty strings mean "AWS defaults": the
 * platform's endpoint, region, credential chain (Glue and EMR roles) and trust store. {@code caBundle}
 * is where the PEM bundle of a private CA lives (a path, {@code classpath:} or {@code s3://}).
 */
public record S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, Secret secretKey,
        String caBundle) {
    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(caBundle, "caBundle is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
    }
}
