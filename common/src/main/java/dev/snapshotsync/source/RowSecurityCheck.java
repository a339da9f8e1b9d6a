package dev.snapshotsync.source;

import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether row-level security policies apply to the session's role on a table: the table has row
 * security enabled, and the role is neither a superuser nor BYPASSRLS, nor the owner (or a member
 * of the owning role) of a table that does not FORCE it. PostgreSQL's own rule (manual, "Row
 * Security Policies"); the read sessions' {@code row_security = off} is the backstop for what this
 * does not see (tables behind views and queries).
 */
public final class RowSecurityCheck {
    private static final String APPLIES = """
            SELECT c.relrowsecurity AND NOT r.rolsuper AND NOT r.rolbypassrls
                   AND (c.relforcerowsecurity OR NOT pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE'))
            FROM pg_catalog.pg_class c, pg_catalog.pg_roles r
            WHERE c.oid = to_regclass(?) AND r.rolname = current_user
            """;

    private RowSecurityCheck() {}

    public static boolean applies(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPLIES)) {
            statement.setString(1, table.quoted());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
