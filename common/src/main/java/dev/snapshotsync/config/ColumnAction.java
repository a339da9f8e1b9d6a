package dev.snapshotsync.config;

import java.util.Map;

/** What the contract does with one source column before it is written. */
public enum ColumnAction {
    /** Written as read (after the type mapping and sanitization). */
    KEEP("keep"),
    /** SHA-256 (hex) of the table's salt followed by the value's text; NULL stays NULL. */
    HASH("hash"),
    /** Spark's {@code mask}: upper-case letters to X, lower-case to x, digits to n, the rest kept. */
    MASK("mask"),
    /** Always NULL, with the column's type kept, so the layout stays the same for the partner. */
    NULLIFY("nullify"),
    /** Neither read from the database nor written. */
    EXCLUDE("exclude");

    public static final Map<String, ColumnAction> BY_NAME = Map.of("keep", KEEP, "hash", HASH, "mask", MASK,
            "nullify", NULLIFY, "exclude", EXCLUDE);

    private final String configName;

    ColumnAction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
