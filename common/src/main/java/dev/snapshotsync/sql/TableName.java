package dev.snapshotsync.sql;

import static java.util.Objects.requireNonNull;

/** A schema-qualified table (or view) name in the source database. */
public record TableName(Identifier schema, Identifier table) {
    public TableName {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    public static TableName of(String schema, String table) {
        return new TableName(new Identifier(schema), new Identifier(table));
    }

    public String quoted() {
        return schema.quoted() + "." + table.quoted();
    }

    @Override
    public String toString() {
        return schema.name() + "." + table.name();
    }
}
