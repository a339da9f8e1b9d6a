package dev.snapshotsync.config;

import java.util.Map;

/** The file formats a day can be written in. */
public enum OutputFormat {
    CSV("csv"),
    JSON("json"),
    PARQUET("parquet");

    static final Map<String, OutputFormat> BY_NAME = Map.of("csv", CSV, "json", JSON, "parquet", PARQUET);

    private final String configName;

    OutputFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
