package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * The output layout (a contract, see README): {@code <root>/<table>/snapshot_date=YYYY-MM-DD/},
 * with work in progress under {@code <root>/_staging/<run-id>/} where readers never look.
 */
public record TargetLocation(String root) {
    public static final String SUCCESS = "_SUCCESS";
    /** The Hive-style partition key of the day folders (and Delta's partition column): no output column may have it. */
    public static final String DATE_KEY = "snapshot_date";

    public TargetLocation {
        requireNonNull(root, "root is null");
    }

    public boolean isS3() {
        return root.startsWith("s3a://") || root.startsWith("s3://");
    }

    /** The bucket of an S3 root; empty for a local one. */
    public String bucket() {
        return isS3() ? URI.create(root).getAuthority() : "";
    }

    public Path table(String table) {
        return new Path(root + "/" + table);
    }

    public Path day(String table, LocalDate date) {
        return new Path(table(table), DATE_KEY + "=" + date);
    }

    public Path staging(String runId) {
        return new Path(root + "/_staging/" + runId);
    }

    public Path staging(String runId, String table) {
        return new Path(staging(runId), table);
    }
}
