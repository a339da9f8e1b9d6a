package dev.snapshotsync.source;

import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions in the way of an ACCESS SHARE lock on a relation: those holding or waiting for an
 * ACCESS EXCLUSIVE lock (the only mode it conflicts with; a waiting request queues every later
 * one behind it) on the relation, on the tables behind it if it is a view, or on its inheritance
 * children and partitions, which {@code LOCK TABLE} and every read reach too.
 */
public final class LockBlockers {
    private static final String BLOCKERS = """
            WITH RECURSIVE rel(oid) AS (
                SELECT to_regclass(?)::oid
                UNION
                SELECT next.oid FROM rel, LATERAL (
                    SELECT d.refobjid FROM pg_catalog.pg_rewrite r
                    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> rel.oid
                    WHERE r.ev_class = rel.oid
                    UNION ALL
                    SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = rel.oid) AS next(oid))
            SELECT l.pid, a.application_name, a.usename, a.state, l.mode, l.granted, l.relation::regclass::text,
                   left(regexp_replace(a.query, '\\s+', ' ', 'g'), 120)
            FROM pg_catalog.pg_locks l
            JOIN rel ON rel.oid = l.relation
            LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
            ORDER BY l.granted DESC, l.pid
            LIMIT 5
            """;

    private LockBlockers() {}

    /** One line per blocking session; empty when none is in the way (any more). */
    public static List<String> describe(Connection connection, TableName relation) throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(BLOCKERS)) {
            statement.setString(1, relation.quoted());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    // Another role's state and query show only to members of pg_read_all_stats.
                    boolean visible = rs.getString(4) != null;
                    sessions.add("pid " + rs.getInt(1) + " (application_name '" + rs.getString(2) + "', user '"
                            + rs.getString(3) + "'" + (visible ? ", state '" + rs.getString(4) + "'" : "") + ") "
                            + (rs.getBoolean(6) ? "holds " : "waits for ") + rs.getString(5) + " on "
                            + rs.getString(7) + (visible ? ", query: " + rs.getString(8)
                            : " (its state and query show only to roles with pg_read_all_stats)"));
                }
            }
        }
        return sessions;
    }

    /** The blockers as one sentence for an error message. */
    public static String sentence(List<String> sessions) {
        return sessions.isEmpty()
                ? "no session holds a conflicting lock any more (it finished in the meantime)"
                : "in the way: " + String.join("; ", sessions);
    }
}
