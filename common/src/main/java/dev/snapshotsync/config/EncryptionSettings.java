package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code kmsKeyId} is the bare key id or ARN; empty when the mode is none. {@code bucketKey} says
 * S3 Bucket Keys are expected (fewer KMS calls); S3A cannot ask for them per request, so the
 * bucket's default encryption decides, and the manifest records the expectation.
 */
public record EncryptionSettings(EncryptionMode mode, String kmsKeyId, boolean verify, boolean bucketKey) {
    public EncryptionSettings {
        requireNonNull(mode, "mode is null");
        requireNonNull(kmsKeyId, "kmsKeyId is null");
    }

    /** Written objects are checked for SSE-KMS with the key (HeadObject) before anything is published. */
    public boolean verifiesKms() {
        return mode == EncryptionMode.SSE_KMS && verify;
    }
}
