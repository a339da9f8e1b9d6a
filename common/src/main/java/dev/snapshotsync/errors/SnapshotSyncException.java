package dev.snapshotsync.errors;

import static java.util.Objects.requireNonNull;

/**
 * An error the user can act on. The message is complete on its own (what, where, what to do) and
 * never holds a secret; the cause keeps the driver or S3 exception for the log.
 */
public class SnapshotSyncException extends RuntimeException {
    private final ErrorKind kind;

    public SnapshotSyncException(ErrorKind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public SnapshotSyncException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static SnapshotSyncException source(String message, Throwable cause) {
        return new SnapshotSyncException(ErrorKind.SOURCE, message, cause);
    }

    public static SnapshotSyncException target(String message, Throwable cause) {
        return new SnapshotSyncException(ErrorKind.TARGET, message, cause);
    }

    public static SnapshotSyncException verification(String message) {
        return new SnapshotSyncException(ErrorKind.VERIFICATION, message);
    }
}
