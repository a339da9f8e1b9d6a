package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import org.apache.hadoop.fs.Path;

/** One data object of a day: where it is, its size, and its rows as read back from it. */
public record WrittenFile(Path path, long bytes, long rows) {
    public WrittenFile {
        requireNonNull(path, "path is null");
    }
}
