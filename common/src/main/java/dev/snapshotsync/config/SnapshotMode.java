package dev.snapshotsync.config;

import java.util.Map;

/** How a run makes every partition of every table show one instant (see reference.conf). */
public enum SnapshotMode {
    REQUIRED("required"),
    FALLBACK("fallback"),
    OFF("off");

    static final Map<String, SnapshotMode> BY_NAME = Map.of("required", REQUIRED, "fallback", FALLBACK, "off", OFF);

    private final String configName;

    SnapshotMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
