package dev.snapshotsync.sink;

import dev.snapshotsync.config.FileSizing;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many files a table becomes. Spark writes one file per partition of the read, so a small
 * table read in many partitions would become many tiny files: when the table's size says fewer
 * files are enough, the partitions are coalesced (no shuffle; the read then runs in that many
 * tasks, which is cheap exactly because the table is small). {@code maxRecordsPerFile} caps the
 * rows per file whatever the estimate.
 *
 * @param files the number of files the size estimate asks for; 0 when the size is unknown (a view)
 * @param maxRowsPerFile Spark's {@code maxRecordsPerFile}; 0 for no limit
 */
public record FilePlan(long files, long maxRowsPerFile) {
    private static final Logger LOG = LoggerFactory.getLogger(FilePlan.class);

    /** {@code estimatedBytes} below zero means unknown. */
    public static FilePlan of(FileSizing sizing, long estimatedBytes) {
        long files = estimatedBytes < 0 ? 0 : Math.max(1, ceilDiv(estimatedBytes, sizing.maxFileBytes()));
        return new FilePlan(files, sizing.maxRowsPerFile());
    }

    /**
     * {@code partitions} is how many partitions the read has; it is passed in rather than asked of
     * the Dataset, because converting it to an RDD on Spark 4 completes the observations on it
     * (row and sanitize counts) before any row was written.
     */
    public Dataset<Row> apply(Dataset<Row> rows, int partitions) {
        if (files > 0 && files < partitions) {
            LOG.info("coalescing {} read partitions into {} output file(s) (estimated table size)", partitions, files);
            return rows.coalesce((int) files);
        }
        return rows;
    }

    public Map<String, String> writerOptions() {
        return Map.of("maxRecordsPerFile", Long.toString(maxRowsPerFile));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
