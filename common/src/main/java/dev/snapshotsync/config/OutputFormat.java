package dev.snapshotsync.config;

import java.util.Map;

/** The formats a day can be written in; {@code delta} keeps one Delta table per source table. */
public enum OutputFormat {
    CSV("csv"),
    JSON("json"),
    PARQUET("parquet"),
    DELTA("delta");

    static final Map<String, OutputFormat> BY_NAME = Map.of(
            "csv", CSV, "json", JSON, "parquet", PARQUET, "delta", DELTA);

    private final String configName;

    OutputFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
