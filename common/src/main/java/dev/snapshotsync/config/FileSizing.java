package dev.snapshotsync.config;

/**
 * How big output files get: about {@code maxFileBytes} each (estimated from the table's size in
 * PostgreSQL), and never more than {@code maxRowsPerFile} rows (0: no row limit). A staged file of
 * at most {@code smallFileRewrite} bytes reaches its day on S3 by being written there through the
 * job rather than by S3A's rename (target.small-file-rewrite; 0: always renamed).
 */
public record FileSizing(long maxFileBytes, long maxRowsPerFile, long smallFileRewrite) {
    public FileSizing {
        if (maxFileBytes < 1 || maxRowsPerFile < 0 || smallFileRewrite < 0) {
            throw new IllegalArgumentException("file sizing out of range: " + maxFileBytes + ", " + maxRowsPerFile
                    + ", " + smallFileRewrite);
        }
    }
}
