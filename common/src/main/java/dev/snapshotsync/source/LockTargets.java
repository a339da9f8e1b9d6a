package dev.snapshotsync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relations a run locks before it takes its snapshot: each exported table or view, and the
 * tables a custom query reads (from its plan). {@code LOCK TABLE} accepts tables, partitioned
 * tables and views (a view's lock reaches the tables behind it, a parent's its children);
 * materialized views and foreign tables cannot be locked and are left out. Names that do not
 * exist are left out too: the catalog step reports them (exit 2).
 *
 * <p>Found on the coordinator's session before its transaction begins (each statement in its own
 * transaction), because in REPEATABLE READ the snapshot is taken by the first query, and the
 * locks must come before it.
 */
final class LockTargets {
    private static final Logger LOG = LoggerFactory.getLogger(LockTargets.class);
    private static final String KIND = """
            SELECT c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?
            """;
    private static final Set<String> LOCKABLE = Set.of("r", "p", "v");

    private LockTargets() {}

    static List<TableName> find(PgConnections connections, Connection connection, List<TableSettings> tables)
            throws SQLException {
        Set<TableName> targets = new LinkedHashSet<>();
        for (TableSettings table : tables) {
            List<TableName> names = table.relation() instanceof Relation.NamedTable named ? List.of(named.name())
                    : queryRelations(connections, connection, table, (Relation.CustomQuery) table.relation());
            for (TableName name : names) {
                if (kind(connection, name).filter(LOCKABLE::contains).isPresent()) {
                    targets.add(name);
                }
            }
        }
        return new ArrayList<>(targets);
    }

    private static Optional<String> kind(Connection connection, TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(KIND)) {
            statement.setString(1, name.schema().name());
            statement.setString(2, name.table().name());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The tables in the query's plan ({@code EXPLAIN (VERBOSE, FORMAT JSON)} names each scanned
     * relation with its schema; views are already expanded). The query was checked to be one
     * SELECT when the settings were read, and EXPLAIN without ANALYZE does not run it. A query the
     * server cannot plan locks nothing here; the catalog step reports it. Planning takes the same
     * ACCESS SHARE locks, so a lock it cannot get in time fails the run here (exit 3).
     */
    private static List<TableName> queryRelations(PgConnections connections, Connection connection,
                                                  TableSettings table, Relation.CustomQuery query) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("EXPLAIN (VERBOSE, FORMAT JSON) " + query.sql())) {
            List<TableName> names = new ArrayList<>();
            if (rs.next()) {
                collect(new ObjectMapper().readTree(rs.getString(1)), names);
            }
            return names;
        } catch (SQLException e) {
            if (isLockWait(e)) {
                throw connections.translate(e, "planning the query of 'snapshot-sync.tables." + table.name()
                        + ".query' (to lock the tables it reads) on");
            }
            LOG.debug("table {}: the tables behind its query are not locked: {}", table.name(), e.getMessage());
            return List.of();
        } catch (IOException e) {
            LOG.debug("table {}: the tables behind its query are not locked: {}", table.name(), e.getMessage());
            return List.of();
        }
    }

    /** lock_timeout (55P03), or statement_timeout (57014) while waiting for a lock. */
    static boolean isLockWait(SQLException e) {
        return "55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState());
    }

    private static void collect(JsonNode node, List<TableName> names) {
        if (node.has("Relation Name") && node.has("Schema")) {
            names.add(TableName.of(node.get("Schema").asText(), node.get("Relation Name").asText()));
        }
        node.forEach(child -> collect(child, names));
    }
}
