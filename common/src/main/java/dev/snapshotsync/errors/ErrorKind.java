package dev.snapshotsync.errors;

/** What went wrong, and the process exit code the CLI reports for it (see README, "Failure modes"). */
public enum ErrorKind {
    INTERNAL(1),
    CONFIGURATION(2),
    SOURCE(3),
    TARGET(4),
    VERIFICATION(5);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
