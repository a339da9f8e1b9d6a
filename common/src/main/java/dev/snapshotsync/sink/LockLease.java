package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.hadoop.fs.Path;

/**
 * The content of a lock object: which run holds the table's day, where it stages, and until when,
 * as ISO 8601. A lock object is untrusted input (anyone who may write the prefix may write one):
 * {@link #parse} accepts only a lease this tool could have written, and what a takeover deletes
 * is derived from the run id ({@link TargetLocation#staging}), never taken from the content.
 */
public record LockLease(String runId, String staging, String expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LockLease {
        requireNonNull(runId, "runId is null");
        requireNonNull(staging, "staging is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public boolean liveAt(Instant now) {
        return Instant.parse(expiresAt).isAfter(now);
    }

    /** The lease in {@code bytes} read from {@code lock}; anything malformed fails with exit 4 saying how to clear it. */
    public static LockLease parse(byte[] bytes, Path lock, TargetLocation location) {
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw malformed(lock, "content is not a JSON object", abbreviate(new String(bytes,
                    java.nio.charset.StandardCharsets.UTF_8)), "the object", "{\"runId\", \"staging\", \"expiresAt\"}");
        }
        String runId = text(json, "runId", lock);
        if (!TargetLocation.RUN_ID.matcher(runId).matches()) {
            throw malformed(lock, "not a run id", runId, "runId", "a run id such as 20260401T021500Z-1a2b3c4d");
        }
        String expected = location.staging(runId).toString();
        String staging = text(json, "staging", lock);
        if (!sameFolder(staging, expected)) {
            throw malformed(lock, "not the run's folder under _staging/", staging, "staging", "'" + expected + "'");
        }
        String expiresAt = text(json, "expiresAt", lock);
        try {
            Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            throw malformed(lock, "not a time", expiresAt, "expiresAt", "an ISO 8601 instant such as 2026-04-01T02:20:00Z");
        }
        return new LockLease(runId, staging, expiresAt);
    }

    private static String text(JsonNode json, String field, Path lock) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(lock, "missing or not a string", String.valueOf(value), field, "a string");
        }
        return value.asText();
    }

    /** The same bucket and key, whichever of s3:// and s3a:// names them. */
    private static boolean sameFolder(String staging, String expected) {
        try {
            URI given = new Path(staging).toUri();
            URI wanted = new Path(expected).toUri();
            return java.util.Objects.equals(given.getAuthority(), wanted.getAuthority())
                    && given.getPath().equals(wanted.getPath());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SnapshotSyncException malformed(Path lock, String problem, String value, String field,
                                                   String allowed) {
        return new SnapshotSyncException(ErrorKind.TARGET, "target: malformed lock object '" + lock + "': " + problem
                + " '" + value + "' for '" + field + "'. Allowed: " + allowed + ". This run deleted nothing. Delete "
                + "the lock object (for example: aws s3 rm " + lock.toString().replaceFirst("^s3a://", "s3://")
                + ") once no export of this table and day is running, then run the export again.");
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
