package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Connection settings for S3-compatible endpoints. Empty strings mean "AWS defaults": the
 * platform's endpoint, region, credential chain (Glue and EMR roles) and trust store. {@code caBundle}
 * is where the PEM bundle of a private CA lives (a path, {@code classpath:} or {@code s3://}).
 * {@code assumedRole} and {@code cannedAcl} (an S3 canned ACL name such as
 * bucket-owner-full-control; empty: none) are for delivery into another account's bucket: they
 * apply to the data bucket (target.uri), not to a separate control bucket.
 */
public record S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, Secret secretKey,
        String caBundle, AssumedRole assumedRole, String cannedAcl) {
    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(caBundle, "caBundle is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(assumedRole, "assumedRole is null");
        requireNonNull(cannedAcl, "cannedAcl is null");
    }
}
