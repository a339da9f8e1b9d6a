package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import org.apache.hadoop.fs.Path;

/**
 * A planned table as the write side sees it, the first of its stage records (then
 * {@link StagedTable}, {@link CountedTable}, {@link PublishedTable}): its name, its day folder,
 * its size on disk in the source (-1: unknown; sizes the output files) and the read's tasks
 * (the write keeps the read's partitioning when the file plan does not change it).
 */
public record TableTarget(String table, Path day, long sourceBytes, int readTasks) {
    public TableTarget {
        requireNonNull(table, "table is null");
        requireNonNull(day, "day is null");
        if (readTasks < 1) {
            throw new IllegalArgumentException("readTasks " + readTasks + " is below 1");
        }
    }
}
