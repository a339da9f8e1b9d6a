package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * CSV dialect. The header row is always written. Defaults give RFC 4180 (quotes doubled).
 * {@code bom} starts every file with the UTF-8 byte order mark, for spreadsheet programs.
 */
public record CsvSettings(
        String delimiter, String quote, String escape, String nullValue, boolean quoteAll,
        String lineSeparator, String compression, boolean bom) {
    public CsvSettings {
        requireNonNull(delimiter, "delimiter is null");
        requireNonNull(quote, "quote is null");
        requireNonNull(escape, "escape is null");
        requireNonNull(nullValue, "nullValue is null");
        requireNonNull(lineSeparator, "lineSeparator is null");
        requireNonNull(compression, "compression is null");
    }
}
