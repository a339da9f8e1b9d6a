package dev.snapshotsync.sql;

import static java.util.Objects.requireNonNull;


/**
 * A column as the catalog describes it: {@code typeName} is the base type's name
 * ({@code pg_type.typname}, e.g. {@code int4}, {@code _text} for arrays), {@code declaredType}
 * the full declaration ({@code format_type}, e.g. {@code numeric(12,2)}).
 */
public record SourceColumn(Identifier name, String typeName, String declaredType, int position) {
    public SourceColumn {
        requireNonNull(name, "name is null");
        requireNonNull(typeName, "typeName is null");
        requireNonNull(declaredType, "declaredType is null");
    }
}
