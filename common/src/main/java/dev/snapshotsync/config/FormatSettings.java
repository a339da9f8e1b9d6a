package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Compression of the formats other than CSV: {@code jsonCompression} is none or gzip,
 * {@code parquetCompression} snappy or zstd (also used by Delta, whose files are Parquet).
 */
public record FormatSettings(String jsonCompression, String parquetCompression) {
    public FormatSettings {
        requireNonNull(jsonCompression, "jsonCompression is null");
        requireNonNull(parquetCompression, "parquetCompression is null");
    }
}
