package dev.snapshotsync.sql;

/**
 * SQL string literals for values that cannot be bound as parameters (Spark's JDBC partition
 * predicates are SQL text). Quotes are doubled; with standard_conforming_strings on (the default
 * since PostgreSQL 9.1, and forced by pgjdbc) backslashes have no special meaning.
 */
public final class SqlLiteral {
    private SqlLiteral() {}

    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL literal cannot hold a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
