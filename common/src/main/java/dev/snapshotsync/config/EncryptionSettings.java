package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/** {@code kmsKeyId} is the bare key id or ARN; empty when the mode is none. */
public record EncryptionSettings(EncryptionMode mode, String kmsKeyId, boolean verify) {
    public EncryptionSettings {
        requireNonNull(mode, "mode is null");
        requireNonNull(kmsKeyId, "kmsKeyId is null");
    }
}
