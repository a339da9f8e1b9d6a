package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/** The whole validated configuration of a run. */
public record Settings(SourceSettings source, TargetSettings target, RunSettings run, List<TableSettings> tables) {
    public Settings {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(run, "run is null");
        tables = List.copyOf(tables);
    }

    /** The earliest snapshot date: older days are typos (a two-digit year, a sign), not snapshots. */
    public static final java.time.LocalDate EARLIEST_DATE = java.time.LocalDate.of(1900, 1, 1);

    /**
     * Refuses a snapshot date before {@link #EARLIEST_DATE}, or after today (UTC) unless
     * run.allow-future-dates is set. The date names the day folders, which need a four-digit year.
     */
    public void checkDate(java.time.LocalDate date, java.time.LocalDate today) {
        if (date.isBefore(EARLIEST_DATE)) {
            throw ConfigurationException.of("invalid value '" + date + "' for '--date'. Allowed: a date from "
                    + EARLIEST_DATE + " to today in UTC (" + today + "), as YYYY-MM-DD.");
        }
        if (date.isAfter(today) && !run.allowFutureDates()) {
            throw ConfigurationException.of("invalid value '" + date + "' for '--date': it is after today in UTC ("
                    + today + "). Give a date up to today, or set snapshot-sync.run.allow-future-dates = true.");
        }
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
