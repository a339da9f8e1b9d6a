package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One column of a table contract: the source column {@code name}, the {@code output} name, an
 * optional Spark {@code cast} (a DDL type such as {@code decimal(20,4)}), the {@code action}, an
 * optional sanitize profile overriding the table's, and an optional expected PostgreSQL
 * {@code type} (as {@code format_type} prints it) whose change is drift.
 */
public record ColumnContract(String name, String output, Optional<String> cast, ColumnAction action,
                             Optional<SanitizeProfile> sanitize, Optional<String> type) {
    public ColumnContract {
        requireNonNull(name, "name is null");
        requireNonNull(output, "output is null");
        requireNonNull(cast, "cast is null");
        requireNonNull(action, "action is null");
        requireNonNull(sanitize, "sanitize is null");
        requireNonNull(type, "type is null");
    }

    /** The column kept as it is, under its own name. */
    public static ColumnContract of(String name) {
        return new ColumnContract(name, name, Optional.empty(), ColumnAction.KEEP, Optional.empty(), Optional.empty());
    }
}
