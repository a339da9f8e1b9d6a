package dev.snapshotsync.sql;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL identifier exactly as the catalog spells it. {@link #quoted()} doubles embedded
 * double quotes, so no name can end the identifier early and change the statement (Spark's
 * default {@code quoteIdentifier} does not do this).
 */
public record Identifier(String name) {
    public Identifier {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("identifier is empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier holds a NUL character");
        }
    }

    public String quoted() {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return name;
    }
}
