package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/** The whole validated configuration of a run. */
public record Settings(SourceSettings source, TargetSettings target, List<TableSettings> tables, RunSettings run) {
    public Settings {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(run, "run is null");
        tables = List.copyOf(tables);
    }

    /** The tables named on the command line, in configuration order; all of them when none are named. */
    public List<TableSettings> select(List<String> names) {
        if (names.isEmpty()) {
            return tables;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (tables.stream().noneMatch(t -> t.name().equals(name))) {
                unknown.add("unknown table '" + name + "' in --tables. Configured tables: "
                        + String.join(", ", tables.stream().map(TableSettings::name).toList()) + ".");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(unknown);
        }
        return tables.stream().filter(t -> names.contains(t.name())).toList();
    }
}
