package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.RowSecurityPolicy;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.PartitionPlanner;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.PgTableStatistics;
import dev.snapshotsync.source.RowSecurityCheck;
import dev.snapshotsync.source.TableDescription;
import dev.snapshotsync.source.TableSizes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the catalog for the configured tables, shared by {@code export} and {@code validate}: every
 * table that does not exist is reported at once (exit 2), with the config path that names it.
 */
public final class CatalogStep {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogStep.class);
    private static final String SERVER = "SELECT current_setting('server_version'),"
            + " (SELECT version FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid())";

    /** The server's version and the session's TLS protocol (null without TLS), for the manifest. */
    public record Server(String version, String tlsProtocol) {
        public Server {
            requireNonNull(version, "version is null");
        }
    }

    /** The catalog of a run. */
    public record Result(Server server, Map<TableSettings, SourceTable> tables) {
        public Result {
            requireNonNull(server, "server is null");
            tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }
    }

    private CatalogStep() {}

    /**
     * One driver session: the server, each table's description, partition plan, column plan and
     * size. Missing tables and contract problems (drift, columns the source lacks) are reported
     * together (exit 2).
     */
    public static Result read(PgConnections connections, Settings settings, List<TableSettings> tables) {
        Map<TableSettings, SourceTable> found = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Server server;
        try (Connection connection = connections.open()) {
            server = server(connection);
            CatalogReader catalog = new CatalogReader(connection);
            PartitionPlanner planner = new PartitionPlanner(settings.source().read());
            TableSizes sizes = new TableSizes(connection);
            for (TableSettings table : tables) {
                rowSecurity(connection, table.rowSecurity());
                Optional<TableDescription> description;
                try {
                    description = catalog.describe(table.relation());
                } catch (SQLException e) {
                    if ("55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
                        // Waiting for a lock or the clock is not a fault of the SQL.
                        throw connections.translate(e, "describing the query of 'snapshot-sync.tables."
                                + table.name() + ".query' on");
                    }
                    problems.add(badQuery(connections, table, e));
                    continue;
                }
                if (description.isEmpty()) {
                    problems.add(missingTable(connections, table));
                    continue;
                }
                checkRowSecurity(connections, connection, table);
                try {
                    String label = table.relation().label();
                    ColumnPlan columns = ColumnPlanner.plan(table.name(), label, table.contract(),
                            description.get().columns());
                    List<String> layout = LayoutNames.problems(table.name(), label, columns);
                    if (!layout.isEmpty()) {
                        problems.addAll(layout);
                        continue;
                    }
                    PartitionPlan partitions = planner.plan(table.name(), description.get(), table.partition(),
                            new PgTableStatistics(connection, description.get()));
                    found.put(table, new SourceTable(description.get(), partitions, columns,
                            table.relation() instanceof Relation.NamedTable named ? sizes.bytes(named.name()) : -1,
                            table.rowSecurity() == RowSecurityPolicy.APPLY));
                } catch (ConfigurationException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (SQLException e) {
            throw connections.translate(e, "reading the catalog of");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Result(server, found);
    }

    /** The catalog session reads (plans, samples) each table as its read sessions will. */
    private static void rowSecurity(Connection connection, RowSecurityPolicy policy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET row_security = " + (policy == RowSecurityPolicy.APPLY ? "on" : "off"));
        }
    }

    /**
     * Refuses (exit 3) a table whose row-level security policies filter what this role sees, unless
     * it opts in, so that a partial table is never published as if it were whole. Tables behind a
     * view or query are not seen here: reads with row_security = off refuse those.
     */
    private static void checkRowSecurity(PgConnections connections, Connection connection, TableSettings table)
            throws SQLException {
        String key = "snapshot-sync.tables." + table.name() + ".row-security";
        boolean filters = table.relation() instanceof Relation.NamedTable named
                && RowSecurityCheck.applies(connection, named.name());
        if (filters && table.rowSecurity() == RowSecurityPolicy.REFUSE) {
            throw SnapshotSyncException.source("source: table '" + table.relation().label() + "' for 'snapshot-sync.tables."
                    + table.name() + "' has row-level security policies that would hide rows from '"
                    + connections.user() + "' on " + connections.settings().describe() + ", so the export would be "
                    + "partial. Nothing was read. Read it as a role that bypasses them (BYPASSRLS, or the owner), or "
                    + "set '" + key + "' = apply to export only the rows the role may see.", null);
        }
        if (table.rowSecurity() == RowSecurityPolicy.APPLY) {
            LOG.warn("table {}: {} = apply: {} is read with row_security on, so rows that row-level security "
                    + "policies hide from '{}' are left out ({}; recorded in _manifest.json as "
                    + "source.rowSecurity = applied)", table.name(), key, table.describeRelation(), connections.user(),
                    filters ? "its policies filter this role" : "policies on tables behind it may filter");
        }
    }

    /** A custom query the server cannot plan (a syntax error, an unknown column, a missing GRANT). */
    static String badQuery(PgConnections connections, TableSettings table, SQLException e) {
        return "query for 'snapshot-sync.tables." + table.name() + ".query' was refused by " + connections.describe()
                + ": " + Causes.firstLine(e.getMessage()) + ". Check the SQL; it runs as SELECT * FROM "
                + new Relation.CustomQuery("<query>").from() + ".";
    }

    public static String missingTable(PgConnections connections, TableSettings table) {
        return "table '" + table.relation().label() + "' for 'snapshot-sync.tables." + table.name()
                + "' does not exist in database " + connections.settings().describe()
                + ". Check the schema and table names (case matters for quoted names).";
    }

    private static Server server(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(SERVER)) {
            rs.next();
            return new Server(rs.getString(1), rs.getString(2));
        }
    }
}
