package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.SourceColumn;
import dev.snapshotsync.source.TableSizes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the catalog for the configured tables, shared by {@code export} and {@code validate}: every
 * table that does not exist is reported at once (exit 2), with the config path that names it.
 */
final class CatalogStep {
    private static final String SERVER = "SELECT current_setting('server_version'),"
            + " (SELECT version FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid())";

    /** The server's version and the session's TLS protocol (null without TLS), for the manifest. */
    record Server(String version, String tlsProtocol) {
        Server {
            requireNonNull(version, "version is null");
        }
    }

    /** The catalog of a run. */
    record Result(Server server, Map<TableSettings, SourceTable> tables) {
        Result {
            requireNonNull(server, "server is null");
            tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }
    }

    private CatalogStep() {}

    static Result read(Settings settings, List<TableSettings> tables) {
        Map<TableSettings, SourceTable> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Server server;
        try (Connection connection = PgConnections.open(settings.source())) {
            server = server(connection);
            CatalogReader catalog = new CatalogReader(connection);
            TableSizes sizes = new TableSizes(connection);
            for (TableSettings table : tables) {
                List<SourceColumn> columns = catalog.columns(table.source());
                if (columns.isEmpty()) {
                    missing.add(missingTable(settings, table));
                } else {
                    found.put(table, new SourceTable(columns, sizes.bytes(table.source())));
                }
            }
        } catch (SQLException e) {
            throw PgConnections.translate(e, settings.source(), "reading the catalog of");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException(missing);
        }
        return new Result(server, found);
    }

    static String missingTable(Settings settings, TableSettings table) {
        return "table '" + table.source() + "' for 'snapshot-sync.tables." + table.name()
                + "' does not exist in database " + settings.source().describe()
                + ". Check the schema and table names (case matters for quoted names).";
    }

    private static Server server(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(SERVER)) {
            rs.next();
            return new Server(rs.getString(1), rs.getString(2));
        }
    }
}
