package dev.snapshotsync.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves a column's type by OID to the type its values really have: a domain (in any schema,
 * over another domain or not) to its base type, an array of domains to the array of the base
 * type. What the type mapping and the binary decoder see is then the base type, so {@code CREATE
 * DOMAIN adv.float8 AS bigint} is read as bigint, never as double precision.
 *
 * <p>A type is only known by its name when it is PostgreSQL's own (schema {@code pg_catalog},
 * where only the server defines types) or the citext extension's base type (a base type needs C
 * functions, so only a superuser can make one). Any other type is named schema-qualified
 * ({@code adv.float8}), which no row of the type mapping matches: a user's enum, composite or
 * range named like a built-in is read through its text form, never decoded as the built-in.
 * https://www.postgresql.org/docs/current/catalog-pg-type.html
 */
final class CatalogTypes {
    private static final String TYPE = """
            SELECT t.typtype, t.typbasetype, t.typtypmod, t.typelem, t.typlen, t.typarray, n.nspname, t.typname
            FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid = ?
            """;
    /** Domains nest; a chain this long is a catalog we do not understand, not a real schema. */
    private static final int MAX_DEPTH = 32;

    /** A type as resolved: the base type's name for the mapping and its {@code format_type} text. */
    record Resolved(String typeName, String declaredType) {}

    private record Row(char kind, long baseType, int baseTypmod, long element, int length, long array, String schema,
                       String name) {}

    private final Connection connection;
    private final Map<Long, Row> rows = new HashMap<>();

    CatalogTypes(Connection connection) {
        this.connection = connection;
    }

    /**
     * {@code declared} is {@code format_type(oid, typmod)} when known (null otherwise), kept when
     * the type is its own base.
     */
    Resolved resolve(long oid, int typmod, String declared) throws SQLException {
        long[] base = base(oid, typmod, 0);
        Row row = row(base[0]);
        boolean same = base[0] == oid && base[1] == typmod && declared != null;
        return new Resolved(mappingName(row), same ? declared : formatType(base[0], (int) base[1]));
    }

    /** The base type's OID and typmod: domains followed to their base, arrays of domains to arrays of it. */
    private long[] base(long oid, int typmod, int depth) throws SQLException {
        if (depth > MAX_DEPTH) {
            throw new SQLException("type " + oid + " nests domains deeper than " + MAX_DEPTH, "XX000");
        }
        Row row = row(oid);
        if (row.kind() == 'd') {
            // A domain column's own typmod is always -1; the domain keeps its base's (numeric(12,2)).
            return base(row.baseType(), row.baseTypmod(), depth + 1);
        }
        // A true array is variable length with an element type (name and point have an element but a fixed length).
        if (row.element() != 0 && row.length() == -1) {
            long[] element = base(row.element(), typmod, depth + 1);
            if (element[0] != row.element()) {
                long array = row(element[0]).array();
                if (array != 0) {
                    return new long[] {array, element[1]};
                }
            }
        }
        return new long[] {oid, typmod};
    }

    private static String mappingName(Row row) {
        boolean citext = row.kind() == 'b' && (row.name().equals("citext") || row.name().equals("_citext"));
        return row.schema().equals("pg_catalog") || citext ? row.name() : row.schema() + "." + row.name();
    }

    private String formatType(long oid, int typmod) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.format_type(?, ?)")) {
            statement.setLong(1, oid);
            statement.setInt(2, typmod);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Row row(long oid) throws SQLException {
        Row cached = rows.get(oid);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement statement = connection.prepareStatement(TYPE)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("type " + oid + " is not in pg_type", "XX000");
                }
                Row row = new Row(rs.getString(1).charAt(0), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getInt(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8));
                rows.put(oid, row);
                return row;
            }
        }
    }
}
