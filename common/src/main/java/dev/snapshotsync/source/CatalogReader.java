package dev.snapshotsync.source;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads table structure and size estimates from the PostgreSQL catalog; names are bound as parameters. */
public final class CatalogReader {
    /**
     * A read of a parent (without ONLY) returns the rows of every inheritance child and partition,
     * at any depth, so a parent's estimates cover its whole tree.
     */
    private static final String RELATION = """
            SELECT c.oid, c.relkind,
                   CASE WHEN c.relhassubclass THEN coalesce((WITH RECURSIVE tree(relid) AS (SELECT c.oid UNION
                        SELECT i.inhrelid FROM tree JOIN pg_catalog.pg_inherits i ON i.inhparent = tree.relid)
                        SELECT sum(greatest(k.reltuples, 0))::bigint FROM tree
                        JOIN pg_catalog.pg_class k ON k.oid = tree.relid), -1) ELSE c.reltuples::bigint END,
                   CASE WHEN c.relhassubclass THEN coalesce((WITH RECURSIVE tree(relid) AS (SELECT c.oid UNION
                        SELECT i.inhrelid FROM tree JOIN pg_catalog.pg_inherits i ON i.inhparent = tree.relid)
                        SELECT max(k.relpages) FROM tree
                        JOIN pg_catalog.pg_class k ON k.oid = tree.relid), 0) ELSE c.relpages END
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
            """;
    private static final String COLUMNS = """
            SELECT a.attname, a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod), a.attnum
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """;
    private static final String PRIMARY_KEY = """
            SELECT a.attname
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = ? AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """;

    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = connection;
    }

    /** The table's columns in declaration order; empty when no such table or view exists. */
    public List<SourceColumn> columns(TableName table) throws SQLException {
        return describe(table).map(TableDescription::columns).orElse(List.of());
    }

    /**
     * The relation's description: a named table's from the catalog (empty when it does not exist), a
     * custom query's from the server's plan of it (an SQLException when the server cannot plan it).
     */
    public Optional<TableDescription> describe(Relation relation) throws SQLException {
        if (relation instanceof Relation.NamedTable table) {
            return describe(table.name());
        }
        return Optional.of(describeQuery((Relation.CustomQuery) relation));
    }

    public Optional<TableDescription> describe(TableName table) throws SQLException {
        long oid;
        char kind;
        long rows;
        long pages;
        try (PreparedStatement statement = connection.prepareStatement(RELATION)) {
            statement.setString(1, table.schema().name());
            statement.setString(2, table.table().name());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                oid = rs.getLong(1);
                kind = rs.getString(2).charAt(0);
                rows = rs.getLong(3);
                pages = rs.getLong(4);
            }
        }
        List<SourceColumn> columns = new ArrayList<>();
        CatalogTypes types = new CatalogTypes(connection);
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    CatalogTypes.Resolved type = types.resolve(rs.getLong(2), rs.getInt(3), rs.getString(4));
                    columns.add(new SourceColumn(new Identifier(rs.getString(1)), type.typeName(),
                            type.declaredType(), rs.getInt(5)));
                }
            }
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    primaryKey.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new TableDescription(new Relation.NamedTable(table), kind, columns, primaryKey, rows, pages));
    }

    /**
     * A custom query's columns, from the server's description of its result (it is planned, not
     * run: {@code WHERE false}); it has no key, no statistics and no physical rows. Each column's
     * type is then resolved by OID like a table's ({@link CatalogTypes}): the driver's type names
     * are not enough, since it leaves a type unqualified whenever its schema is on the search path.
     */
    private TableDescription describeQuery(Relation.CustomQuery query) throws SQLException {
        String from = query.from();
        List<Identifier> names = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + from + " WHERE false");
             ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(new Identifier(meta.getColumnName(i)));
                boolean numeric = meta.getColumnTypeName(i).equals("numeric") && meta.getPrecision(i) > 0
                        && meta.getPrecision(i) <= 1000;
                // numeric's typmod: (precision << 16 | scale) + VARHDRSZ, as format_type reads it.
                typmods.add(numeric ? ((meta.getPrecision(i) << 16) | (meta.getScale(i) & 0xffff)) + 4 : -1);
            }
        }
        return new TableDescription(query, 'q', typesOf(from, names, typmods), List.of(), -1, 0);
    }

    /**
     * The query's columns with their types by OID: {@code pg_typeof} of each column over one row of
     * NULLs typed as the query's columns (a LEFT JOIN ON false: the query is planned, never run).
     */
    private List<SourceColumn> typesOf(String from, List<Identifier> names, List<Integer> typmods)
            throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        if (names.isEmpty()) {
            return columns;
        }
        StringBuilder typeOf = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            typeOf.append(i == 0 ? "" : ", ").append("pg_catalog.pg_typeof(").append(Relation.QUERY_ALIAS).append('.')
                    .append(names.get(i).quoted()).append(")::oid");
        }
        typeOf.append(" FROM (SELECT) AS one LEFT JOIN ").append(from).append(" ON false");
        CatalogTypes types = new CatalogTypes(connection);
        try (PreparedStatement statement = connection.prepareStatement(typeOf.toString());
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            for (int i = 0; i < names.size(); i++) {
                CatalogTypes.Resolved type = types.resolve(rs.getLong(i + 1), typmods.get(i), null);
                columns.add(new SourceColumn(names.get(i), type.typeName(), type.declaredType(), i + 1));
            }
        }
        return columns;
    }
}
