package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.TargetSettings;
import java.net.URI;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The output layout (a contract, see README): {@code <root>/<table>/snapshot_date=YYYY-MM-DD/},
 * with the job's own objects under {@code control} (target.control-uri; the root by default):
 * work in progress under {@code <control>/_staging/<run-id>/} where readers never look, locks
 * under {@code _locks/}, run reports under {@code _runs/}, preflight probes under {@code _preflight/}.
 */
public record TargetLocation(String root, String control) {
    public static final String SUCCESS = "_SUCCESS";
    /** A run id as ExportJob makes it: the run's start in UTC and eight hex digits, {@code 20260401T021500Z-1a2b3c4d}. */
    public static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    /** The Hive-style partition key of the day folders (and Delta's partition column): no output column may have it. */
    public static final String DATE_KEY = "snapshot_date";

    public TargetLocation {
        requireNonNull(root, "root is null");
        requireNonNull(control, "control is null");
    }

    /** The job's objects under the data root, as before target.control-uri existed. */
    public TargetLocation(String root) {
        this(root, root);
    }

    public static TargetLocation of(TargetSettings target) {
        return new TargetLocation(target.uri(), target.controlUri());
    }

    public boolean isS3() {
        return root.startsWith("s3a://") || root.startsWith("s3://");
    }

    /** The bucket of an S3 root; empty for a local one. */
    public String bucket() {
        return isS3() ? URI.create(root).getAuthority() : "";
    }

    /** The bucket of the control location; empty for a local one. */
    public String controlBucket() {
        return isS3() ? URI.create(control).getAuthority() : "";
    }

    /** The job's objects are in the data's bucket (always so for a local target): one file system serves both. */
    public boolean controlSharesBucket() {
        return controlBucket().equals(bucket());
    }

    public Path table(String table) {
        return new Path(root + "/" + table);
    }

    public Path day(String table, LocalDate date) {
        return new Path(table(table), DATE_KEY + "=" + date);
    }

    /** A run's staging folder; only a well-formed run id names one, so no other folder is ever taken for it. */
    public Path staging(String runId) {
        requireRunId(runId);
        return new Path(control + "/_staging/" + runId);
    }

    public Path staging(String runId, String table) {
        return new Path(staging(runId), table);
    }

    /**
     * The lease of one table's day (DayLocks): {@code _locks/<table>.snapshot_date=D.json}, every
     * lease in one folder (a table's name holds no {@code =}, so the name is unambiguous). A
     * folder per table cost a release about ten more S3 requests: S3A puts a marker in place of a
     * folder whose last object it deleted, which the run then deletes, and the same one level up.
     */
    public Path lock(String table, LocalDate date) {
        return new Path(control + "/_locks/" + table + "." + DATE_KEY + "=" + date + ".json");
    }

    /** A run's report, {@code _runs/<run-id>.json}. */
    public Path runReport(String runId) {
        requireRunId(runId);
        return new Path(control + "/_runs/" + runId + ".json");
    }

    /** A preflight's test object. */
    public Path preflightProbe(String name) {
        return new Path(control + "/_preflight/" + name);
    }

    private static void requireRunId(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("not a run id: '" + runId + "'");
        }
    }
}
