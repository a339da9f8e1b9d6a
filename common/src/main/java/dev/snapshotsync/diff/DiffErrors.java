package dev.snapshotsync.diff;

import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The diff's refusals, in one place. Asking for something that is not there (an unpublished day,
 * an unknown table or key column, no key at all) is a usage error, exit 2; two days that cannot be
 * compared row by row (their key columns differ, or the key does not identify rows) fail
 * verification, exit 5.
 */
public final class DiffErrors {
    private DiffErrors() {}

    public static SnapshotSyncException invalidDate(String text, String option) {
        return usage("diff: invalid value '" + text + "' for '" + option + "'. Allowed: a date as YYYY-MM-DD, such as "
                + "2026-01-31.");
    }

    public static SnapshotSyncException invalidKeyOption(List<String> columns) {
        return usage("diff: invalid value '" + String.join(",", columns) + "' for '--key'. Allowed: distinct, "
                + "non-blank column names separated by commas, such as id or order_id,line.");
    }

    public static SnapshotSyncException unknownTable(String table, List<String> configured) {
        return usage("diff: unknown table '" + table + "' for '--table'. Allowed: a configured table ("
                + String.join(", ", configured.stream().sorted().toList()) + ").");
    }

    public static SnapshotSyncException unpublished(String table, LocalDate date, String option, String marker,
                                                    List<LocalDate> published) {
        String days = published.isEmpty() ? "none" : published.stream().map(LocalDate::toString)
                .collect(Collectors.joining(", "));
        return usage("diff: day not published '" + date + "' for '" + option + "': '" + marker + "' does not exist. "
                + "Allowed: a published day of table '" + table + "' (" + days + "). A day is published once an "
                + "export of it has finished; run `snapshot-sync export --date " + date + "` first.");
    }

    public static SnapshotSyncException noKey(String table, String why) {
        return usage("diff: no key for table '" + table + "': " + why + ". Give the columns that identify a row with "
                + "--key col1,col2, or set tables." + table + ".primary-key = [col1, col2] in the configuration.");
    }

    public static SnapshotSyncException unknownKeyColumn(String table, String column, String keySource,
                                                         List<String> columns) {
        return usage("diff: unknown key column '" + column + "' for table '" + table + "' (key from " + keySource
                + "); neither day has it. Allowed: a column of both days (" + String.join(", ", columns) + "). Give "
                + "the key with --key or tables." + table + ".primary-key.");
    }

    public static SnapshotSyncException keyColumnsDiffer(String table, String difference) {
        return verification("diff: key columns differ between the days of table '" + table + "': " + difference
                + ". Allowed: days whose key columns have the same names and types. A changed key is not a row "
                + "change: compare the days on each side of the change separately, or give another key with --key.");
    }

    public static SnapshotSyncException duplicateKeys(String table, LocalDate date, List<String> key,
                                                      List<String> examples) {
        return verification("diff: key " + key + " does not identify the rows of table '" + table + "' on " + date
                + ": several rows share " + String.join(", ", examples) + ". Allowed: a key unique in both days. "
                + "Give one with --key or tables." + table + ".primary-key.");
    }

    private static SnapshotSyncException usage(String message) {
        return new SnapshotSyncException(ErrorKind.CONFIGURATION, message);
    }

    private static SnapshotSyncException verification(String message) {
        return SnapshotSyncException.verification(message);
    }
}
