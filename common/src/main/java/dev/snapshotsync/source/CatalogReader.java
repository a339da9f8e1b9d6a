package dev.snapshotsync.source;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads table structure from the PostgreSQL catalog; names are bound as parameters, never concatenated. */
public final class CatalogReader {
    private static final String COLUMNS = """
            SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod), a.attnum
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
            ORDER BY a.attnum
            """;

    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = connection;
    }

    /** The table's columns in declaration order; empty when no such table or view exists. */
    public List<SourceColumn> columns(TableName table) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, table.schema().name());
            statement.setString(2, table.table().name());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new SourceColumn(new Identifier(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getInt(4)));
                }
            }
        }
        return columns;
    }
}
