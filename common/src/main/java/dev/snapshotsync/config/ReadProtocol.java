package dev.snapshotsync.config;

import java.util.Map;

/**
 * How rows travel from PostgreSQL: {@code copy} streams {@code COPY ... TO STDOUT (FORMAT binary)}
 * straight into Spark rows (exact, and independent of session settings); {@code jdbc} reads through
 * Spark's JDBC source (a ResultSet per partition). Both give the same rows and types.
 */
public enum ReadProtocol {
    COPY("copy"),
    JDBC("jdbc");

    static final Map<String, ReadProtocol> BY_NAME = Map.of("copy", COPY, "jdbc", JDBC);

    private final String configName;

    ReadProtocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
