package dev.snapshotsync.sink;

import dev.snapshotsync.errors.SnapshotSyncException;

/** Rows read from the source must all be in the written files, no more and no fewer. */
public final class RowCountCheck {
    private RowCountCheck() {}

    public static void check(String table, long read, long written) {
        if (read != written) {
            throw SnapshotSyncException.verification("verification: rows written '" + written
                    + "' differ from rows read '" + read + "' for 'snapshot-sync.tables." + table + "'. "
                    + "Allowed: equal counts. The day was not published; run the export again, and report it "
                    + "if it repeats (the written files do not hold what was read).");
        }
    }
}
