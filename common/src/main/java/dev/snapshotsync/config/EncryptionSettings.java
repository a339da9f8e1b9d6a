package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code kmsKeyId} is the bare key id or ARN; empty when the mode is none. {@code bucketKey} asks
 * for S3 Bucket Keys (fewer KMS calls): sent where the S3 client can (EMRFS), checked by preflight.
 */
public record EncryptionSettings(EncryptionMode mode, String kmsKeyId, boolean verify, boolean bucketKey) {
    public EncryptionSettings {
        requireNonNull(mode, "mode is null");
        requireNonNull(kmsKeyId, "kmsKeyId is null");
    }
}
