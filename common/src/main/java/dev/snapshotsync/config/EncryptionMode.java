package dev.snapshotsync.config;

import java.util.Map;

/** Server-side encryption of every object written. {@code none} must be spelled out. */
public enum EncryptionMode {
    SSE_KMS("sse-kms"),
    NONE("none");

    static final Map<String, EncryptionMode> BY_NAME = Map.of("sse-kms", SSE_KMS, "none", NONE);

    private final String configName;

    EncryptionMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
