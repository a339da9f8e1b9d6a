package dev.snapshotsync.shape;

import dev.snapshotsync.config.ColumnAction;
import dev.snapshotsync.config.ColumnContract;
import dev.snapshotsync.config.DriftPolicy;
import dev.snapshotsync.config.SanitizeProfile;
import dev.snapshotsync.config.TableContract;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.types.TypeMapping;
import dev.snapshotsync.types.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches a table's contract against the catalog's columns and decides the output columns. Every
 * problem of a table is reported at once; every drift is logged at WARN and kept in the plan.
 */
public final class ColumnPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnPlanner.class);

    private ColumnPlanner() {}

    /** {@code table} is the output name, used in messages as {@code snapshot-sync.tables.<table>}. */
    public static ColumnPlan plan(String table, String source, TableContract contract, List<SourceColumn> catalog) {
        String key = "snapshot-sync.tables." + table + ".columns";
        List<String> problems = new ArrayList<>();
        List<DriftEvent> drift = new ArrayList<>();
        List<PlannedColumn> columns = new ArrayList<>();
        List<SourceColumn> excluded = new ArrayList<>();
        Map<String, SourceColumn> byName = new LinkedHashMap<>();
        catalog.forEach(column -> byName.put(column.name().name(), column));

        Set<String> listed = new HashSet<>();
        for (ColumnContract wanted : contractColumns(contract, catalog)) {
            SourceColumn column = byName.remove(wanted.name());
            if (!listed.add(wanted.name())) {
                problems.add("table '" + table + "': column '" + wanted.name() + "' for '" + key + "' is listed "
                        + "twice. Allowed: each source column once. Remove one of the entries.");
                continue;
            }
            if (column == null) {
                problems.add("table '" + table + "': column '" + wanted.name() + "' for '" + key + "' does not exist in "
                        + source + ". Source columns: " + names(catalog) + ". Fix the name (case and spaces matter) "
                        + "or remove it from the contract.");
                continue;
            }
            if (wanted.type().isPresent() && !wanted.type().get().equals(column.declaredType())) {
                String detail = "type '" + wanted.type().get() + "' in the contract, '" + column.declaredType()
                        + "' in the source";
                if (contract.drift() == DriftPolicy.FAIL) {
                    problems.add(driftProblem(table, column.name().name(), detail, key));
                    continue;
                }
                drift.add(event(table, DriftEvent.Kind.TYPE_CHANGED, column.name().name(), detail,
                        "read as " + column.declaredType()));
            }
            if (wanted.action() == ColumnAction.EXCLUDE) {
                excluded.add(column);
            } else {
                columns.add(planned(column, wanted, contract));
            }
        }
        for (SourceColumn added : byName.values()) {
            String detail = "type '" + added.declaredType() + "', not in the contract";
            switch (contract.drift()) {
                case FAIL -> problems.add(driftProblem(table, added.name().name(), detail, key));
                case ADD -> {
                    drift.add(event(table, DriftEvent.Kind.ADDED, added.name().name(), detail, "added to the output"));
                    columns.add(planned(added, ColumnContract.of(added.name().name()), contract));
                }
                case IGNORE -> drift.add(event(table, DriftEvent.Kind.ADDED, added.name().name(), detail,
                        "left out of the output"));
            }
        }
        checkOutputNames(table, key, columns, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ColumnPlan(table, columns, excluded, drift, contract.hashSalt());
    }

    private static List<ColumnContract> contractColumns(TableContract contract, List<SourceColumn> catalog) {
        if (!contract.listsAllColumns()) {
            return contract.columns();
        }
        return catalog.stream().map(c -> ColumnContract.of(c.name().name())).toList();
    }

    private static PlannedColumn planned(SourceColumn column, ColumnContract wanted, TableContract contract) {
        TypeMapping.Mapped mapped = TypeMapping.map(column);
        SanitizeProfile profile = wanted.sanitize().orElse(contract.sanitize());
        DataType type = mapped.sparkType();
        ValueKind kind = mapped.kind();
        if (wanted.action() == ColumnAction.HASH || wanted.action() == ColumnAction.MASK) {
            type = DataTypes.StringType;
            kind = ValueKind.OTHER_TEXT;
        } else if (wanted.cast().isPresent()) {
            type = DataType.fromDDL(wanted.cast().get());
            kind = ValueKind.ofSparkType(type);
        }
        return new PlannedColumn(column, wanted.output(), wanted.action(), profile, mapped, type, kind);
    }

    /**
     * Spark resolves names case-insensitively, so two outputs that differ only in case cannot both
     * be written; a control character in a name would break a CSV header line or a file reader.
     */
    private static void checkOutputNames(String table, String key, List<PlannedColumn> columns,
                                         List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        for (PlannedColumn column : columns) {
            String name = column.output();
            if (name.codePoints().anyMatch(Character::isISOControl)) {
                problems.add("table '" + table + "': invalid output name '" + printable(name) + "' for '" + key
                        + "'. Allowed: names without control characters (tabs, line breaks). Set 'output' for "
                        + "column '" + printable(column.source().name().name()) + "' in the contract.");
            }
            String previous = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (previous != null) {
                problems.add("table '" + table + "': duplicate output name '" + name + "' for '" + key
                        + "' (also '" + previous + "'). Allowed: names unique regardless of case. Set 'output' "
                        + "for one of them in the contract.");
            }
        }
    }

    private static String driftProblem(String table, String column, String detail, String key) {
        return "table '" + table + "': drift in column '" + column + "' (" + detail + ") for '" + key
                + "' with drift = fail. Allowed: the contract's columns and types. Update the contract, mark the "
                + "column action = exclude, or set drift = add or ignore.";
    }

    private static DriftEvent event(String table, DriftEvent.Kind kind, String column, String detail,
                                    String outcome) {
        LOG.warn("table {}: drift {} in column '{}' ({}): {}", table, kind, column, detail, outcome);
        return new DriftEvent(kind, column, detail, outcome);
    }

    private static String names(List<SourceColumn> catalog) {
        return catalog.stream().map(c -> "'" + c.name().name() + "'").collect(Collectors.joining(", "));
    }

    private static String printable(String name) {
        return name.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
