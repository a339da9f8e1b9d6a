package dev.snapshotsync.job.preflight;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.ErrorKind;

/**
 * One step of {@code preflight}: what was checked, its outcome, what was seen, and for a failure
 * the hint on what to fix and the exit code it maps to.
 */
public record PreflightCheck(String name, Status status, String detail, ErrorKind kind) {
    public enum Status { PASSED, FAILED, SKIPPED }

    public PreflightCheck {
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(kind, "kind is null");
    }

    static PreflightCheck passed(String name, String detail) {
        return new PreflightCheck(name, Status.PASSED, detail, ErrorKind.INTERNAL);
    }

    static PreflightCheck failed(String name, String hint, ErrorKind kind) {
        return new PreflightCheck(name, Status.FAILED, hint, kind);
    }

    static PreflightCheck skipped(String name, String reason) {
        return new PreflightCheck(name, Status.SKIPPED, reason, ErrorKind.INTERNAL);
    }

    public String render() {
        return String.format("  [%s] %s: %s", status.name().toLowerCase(java.util.Locale.ROOT), name, detail);
    }
}
