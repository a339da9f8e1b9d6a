package dev.snapshotsync.config;

import java.util.Map;

/**
 * What happens when the source has a column the contract does not list, or a listed column's
 * type differs from the contract's. A listed column missing from the source always fails.
 */
public enum DriftPolicy {
    /** Fail the run naming every drifted column. */
    FAIL("fail"),
    /** New columns flow to the output after the contract's columns; changed types are read as they now are. */
    ADD("add"),
    /** New columns are left out; changed types are read as they now are. */
    IGNORE("ignore");

    public static final Map<String, DriftPolicy> BY_NAME = Map.of("fail", FAIL, "add", ADD, "ignore", IGNORE);

    private final String configName;

    DriftPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
