package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.util.Map;
import java.util.Optional;

/**
 * What the terminal shows when a command fails, once: what failed (the message, which names the
 * key, table, bucket or file), the cause underneath, what to do, and the exit code. A failure the
 * job classified (exit codes 2 to 5) leaves its stack trace to the run summary and the DEBUG log;
 * an unexpected one (exit 1) is a bug, so its stack trace is printed for the report.
 */
record ErrorBlock(Throwable failure, Optional<String> runReport) {
    private static final int CAUSE_LIMIT = 400;
    private static final String DEBUG_HINT = "log level DEBUG (SNAPSHOT_SYNC_LOG_LEVEL=debug with bin/snapshot-sync)";
    /** The "what to do" column of the README's "Failure modes", one line per exit code. */
    private static final Map<ErrorKind, String> TO_DO = Map.of(
            ErrorKind.CONFIGURATION, "fix what is listed above (every problem found is listed) and run again",
            ErrorKind.SOURCE, "change what the message names on the database side or in source.*; a session "
                    + "that ended (restart, failover, terminated) needs only a new run",
            ErrorKind.TARGET, "fix the key, bucket, endpoint or permission the message names and run again",
            ErrorKind.VERIFICATION, "nothing was published; check the objects or counts named above, then run again",
            ErrorKind.INTERNAL, "this is a bug: please report it with the stack trace below");

    ErrorBlock {
        requireNonNull(failure, "failure is null");
        requireNonNull(runReport, "runReport is null");
    }

    ErrorKind kind() {
        return failure instanceof SnapshotSyncException known ? known.kind() : ErrorKind.INTERNAL;
    }

    String render() {
        ErrorKind kind = kind();
        StringBuilder text = new StringBuilder("snapshot-sync: ");
        text.append(kind == ErrorKind.INTERNAL ? "unexpected failure: " + failure : failure.getMessage()).append('\n');
        cause().ifPresent(cause -> text.append("  cause: ").append(cause).append('\n'));
        text.append("  to do: ").append(TO_DO.get(kind)).append('\n');
        text.append("  exit code ").append(kind.exitCode()).append(" (").append(kind.name().toLowerCase()).append(')');
        if (kind == ErrorKind.INTERNAL) {
            text.append("; stack trace:\n").append(Causes.stackTrace(failure));
        } else if (failure.getCause() != null) {
            text.append("; stack trace ").append(runReport.map(file -> "in " + file + " and ").orElse(""))
                    .append("at ").append(DEBUG_HINT).append('\n');
        } else {
            text.append('\n');
        }
        return text.toString();
    }

    /** The innermost exception, unless the message already says what it says. */
    private Optional<String> cause() {
        Throwable root = Causes.root(failure);
        if (root == failure) {
            return Optional.empty();
        }
        String message = Causes.firstLine(root.getMessage()).strip();
        if (!message.isEmpty() && String.valueOf(failure.getMessage()).contains(message)) {
            return Optional.empty();
        }
        String line = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return Optional.of(line.length() <= CAUSE_LIMIT ? line : line.substring(0, CAUSE_LIMIT) + " ...");
    }
}
