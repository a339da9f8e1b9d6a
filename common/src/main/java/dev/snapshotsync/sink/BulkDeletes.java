package dev.snapshotsync.sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.BulkDelete;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deletes files the job knows by name (released leases, a day's replaced files) through Hadoop's
 * bulk delete (hadoop-common 3.4.1): on S3A one DeleteObjects request per page of keys (250 by
 * default), with none of a single delete's HEAD before it nor the LIST after it that decides
 * whether to put a directory marker in place of the emptied folder. A file system without a bulk
 * delete of its own (page size 1: the local one, EMRFS) deletes one file at a time, several at once.
 * A file already gone counts as deleted.
 */
final class BulkDeletes {
    private BulkDeletes() {}

    /** Deletes {@code files}, every one under {@code base}; the first file not deleted fails it. */
    static void delete(FileSystem fs, Path base, List<Path> files, String doing) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        try (BulkDelete bulk = fs.createBulkDelete(base)) {
            int page = bulk.pageSize();
            if (page <= 1) {
                IoTasks.map(files, file -> fs.delete(file, false), doing);
                return;
            }
            for (int from = 0; from < files.size(); from += page) {
                List<Map.Entry<Path, String>> failed = bulk.bulkDelete(files.subList(from,
                        Math.min(files.size(), from + page)));
                if (!failed.isEmpty()) {
                    Map.Entry<Path, String> first = failed.get(0);
                    throw new IOException(doing + ": could not delete '" + first.getKey() + "' (" + first.getValue()
                            + ")" + (failed.size() > 1 ? " nor " + (failed.size() - 1) + " other file(s)" : ""));
                }
            }
        }
    }
}
