package dev.snapshotsync.config;

import java.util.Map;

/**
 * What a table's export does where PostgreSQL row-level security would hide rows from the role
 * ({@code tables.<name>.row-security}, see reference.conf).
 */
public enum RowSecurityPolicy {
    /** Sessions read with {@code row_security = off}: the server refuses instead of filtering. */
    REFUSE("refuse"),
    /** The export holds what the role may see; recorded in the manifest and logged at WARN. */
    APPLY("apply");

    static final Map<String, RowSecurityPolicy> BY_NAME = Map.of("refuse", REFUSE, "apply", APPLY);

    private final String configName;

    RowSecurityPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
