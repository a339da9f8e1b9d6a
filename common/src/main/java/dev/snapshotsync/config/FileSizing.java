package dev.snapshotsync.config;

/**
 * How big output files get: about {@code maxFileBytes} each (estimated from the table's size in
 * PostgreSQL), and never more than {@code maxRowsPerFile} rows (0: no row limit).
 */
public record FileSizing(long maxFileBytes, long maxRowsPerFile) {
    public FileSizing {
        if (maxFileBytes < 1 || maxRowsPerFile < 0) {
            throw new IllegalArgumentException("file sizing out of range: " + maxFileBytes + ", " + maxRowsPerFile);
        }
    }
}
