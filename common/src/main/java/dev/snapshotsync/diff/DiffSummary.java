package dev.snapshotsync.diff;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a diff found; written as {@code _summary.json} next to the changed rows (Jackson, from this
 * record) and printed. Field names are a contract for the notebooks: add, never rename.
 */
public record DiffSummary(
        String table, String from, String to, String format, List<String> key, String keySource, Counts rows,
        Columns columns, String output) {
    public DiffSummary {
        requireNonNull(table, "table is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(format, "format is null");
        key = List.copyOf(key);
        requireNonNull(keySource, "keySource is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(output, "output is null");
    }

    /**
     * Rows of each day, rows by kind, and for each compared column how many changed rows have a
     * different value in it (in column order; zero counts included).
     */
    public record Counts(long fromRows, long toRows, long added, long removed, long changed, long unchanged,
                         Map<String, Long> changesByColumn) {
        public Counts {
            changesByColumn = Collections.unmodifiableMap(new LinkedHashMap<>(changesByColumn));
        }
    }

    /** The schema drift between the days: columns added, removed, or whose type changed. */
    public record Columns(List<String> added, List<String> removed, List<SchemaComparison.TypeChange> typeChanged) {
        public Columns {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            typeChanged = List.copyOf(typeChanged);
        }

        static Columns of(SchemaComparison schema) {
            return new Columns(schema.added(), schema.removed(), schema.typeChanged());
        }
    }

    public static DiffSummary of(String table, String from, String to, String format, ResolvedKey key,
                                 SchemaComparison schema, Counts rows, String output) {
        return new DiffSummary(table, from, to, format, key.columns(), key.source(), rows, Columns.of(schema), output);
    }

    public String render() {
        StringBuilder text = new StringBuilder("snapshot-sync diff of ").append(table).append(": ").append(from)
                .append(" -> ").append(to).append(" by key ").append(String.join(", ", key))
                .append(" (from ").append(keySource).append(")\n")
                .append(String.format("  rows: %d -> %d: %d added, %d removed, %d changed, %d unchanged%n",
                        rows.fromRows(), rows.toRows(), rows.added(), rows.removed(), rows.changed(),
                        rows.unchanged()));
        String changed = rows.changesByColumn().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        text.append("  changed values by column: ").append(changed.isEmpty() ? "none" : changed).append('\n');
        text.append("  columns added: ").append(listed(columns.added())).append("; removed: ")
                .append(listed(columns.removed())).append("; type changed: ")
                .append(columns.typeChanged().isEmpty() ? "none" : columns.typeChanged().stream()
                        .map(c -> c.column() + " (" + c.from() + " -> " + c.to() + ")")
                        .collect(Collectors.joining(", ")))
                .append('\n');
        text.append("  changed rows and _summary.json: ").append(output).append('\n');
        return text.toString();
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
