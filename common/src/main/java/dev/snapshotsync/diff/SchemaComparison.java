package dev.snapshotsync.diff;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the columns of two days relate: the key (same names and types on both days, or the diff is
 * refused), the other columns both days have (compared row by row), and the drift: columns only
 * the later day has, only the earlier day has, and common columns whose type changed (compared as
 * text).
 */
public record SchemaComparison(
        List<String> key, List<String> compared, List<String> added, List<String> removed,
        List<TypeChange> typeChanged) {
    public SchemaComparison {
        key = List.copyOf(key);
        compared = List.copyOf(compared);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        typeChanged = List.copyOf(typeChanged);
    }

    /** A common column whose type differs; types as Spark SQL spells them. */
    public record TypeChange(String column, String from, String to) {
        public TypeChange {
            requireNonNull(column, "column is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }
    }

    /** One side of the comparison: a day and its schema. */
    public record Day(LocalDate date, StructType schema) {
        public Day {
            requireNonNull(date, "date is null");
            requireNonNull(schema, "schema is null");
        }

        Map<String, String> types() {
            Map<String, String> types = new LinkedHashMap<>();
            for (StructField field : schema.fields()) {
                // catalogString leaves nullability out: a column that gained a NULL is not a type change.
                types.put(field.name(), field.dataType().catalogString());
            }
            return types;
        }
    }

    public static SchemaComparison of(String table, ResolvedKey key, Day from, Day to) {
        Map<String, String> before = from.types();
        Map<String, String> after = to.types();
        checkKey(table, key, from, before, to, after);
        List<String> compared = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<TypeChange> typeChanged = new ArrayList<>();
        for (Map.Entry<String, String> column : before.entrySet()) {
            String name = column.getKey();
            if (!after.containsKey(name)) {
                removed.add(name);
            } else if (!key.columns().contains(name)) {
                compared.add(name);
                if (!column.getValue().equals(after.get(name))) {
                    typeChanged.add(new TypeChange(name, column.getValue(), after.get(name)));
                }
            }
        }
        List<String> added = after.keySet().stream().filter(name -> !before.containsKey(name)).toList();
        return new SchemaComparison(key.columns(), compared, added, removed, typeChanged);
    }

    private static void checkKey(String table, ResolvedKey key, Day from, Map<String, String> before, Day to,
                                 Map<String, String> after) {
        for (String column : key.columns()) {
            boolean inBefore = before.containsKey(column);
            boolean inAfter = after.containsKey(column);
            if (!inBefore && !inAfter) {
                List<String> common = before.keySet().stream().filter(after::containsKey).toList();
                throw DiffErrors.unknownKeyColumn(table, column, key.source(), common);
            }
            if (!inBefore || !inAfter) {
                Day missing = inBefore ? to : from;
                throw DiffErrors.keyColumnsDiffer(table, "key column '" + column + "' is missing on " + missing.date()
                        + ", which has " + String.join(", ", (inBefore ? after : before).keySet()));
            }
            if (!before.get(column).equals(after.get(column))) {
                throw DiffErrors.keyColumnsDiffer(table, "key column '" + column + "' is " + before.get(column)
                        + " on " + from.date() + " and " + after.get(column) + " on " + to.date());
            }
        }
    }
}
