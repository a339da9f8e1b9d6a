package dev.snapshotsync.diff;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The columns that identify a row, and where they came from (said in the summary and in errors). */
public record ResolvedKey(List<String> columns, String source) {
    public static final String OPTION = "--key";
    public static final String CONFIGURATION = "configuration";
    public static final String MANIFEST = "manifest";
    public static final String CATALOG = "source catalog";

    public ResolvedKey {
        columns = List.copyOf(columns);
        requireNonNull(source, "source is null");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one column");
        }
    }
}
