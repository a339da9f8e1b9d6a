package dev.snapshotsync.source;

import dev.snapshotsync.config.SnapshotMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one REPEATABLE READ, READ ONLY transaction open for the whole run and exports its
 * snapshot ({@code pg_export_snapshot()}), so that every partition of every table reads the same
 * instant: each read session joins it with {@code SET TRANSACTION SNAPSHOT}, as parallel pg_dump
 * does (PostgreSQL manual, "Snapshot Synchronization Functions"). The snapshot lives as long as
 * this transaction: close it only after the last read has started (task retries join it too).
 */
public final class SnapshotCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

    private final Connection connection;
    private final String snapshotId;
    private final String serverVersion;

    private SnapshotCoordinator(Connection connection, String snapshotId, String serverVersion) {
        this.connection = connection;
        this.snapshotId = snapshotId;
        this.serverVersion = serverVersion;
    }

    public static SnapshotCoordinator open(PgConnections connections, SnapshotMode mode) {
        Connection connection = connections.open();
        try {
            String version = connection.getMetaData().getDatabaseProductVersion();
            if (mode == SnapshotMode.OFF) {
                LOG.warn("source.snapshot.mode = off: each partition is read in its own transaction, so rows that "
                        + "change during the read may be missed or read twice");
                return new SnapshotCoordinator(connection, null, version);
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = statement.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                    rs.next();
                    String id = rs.getString(1);
                    LOG.info("exported snapshot {} from PostgreSQL {}; every partition reads this instant", id, version);
                    return new SnapshotCoordinator(connection, id, version);
                }
            } catch (SQLException e) {
                if (mode == SnapshotMode.REQUIRED) {
                    throw connections.translate(e, "exporting a snapshot (source.snapshot.mode = required; set it "
                            + "to fallback to read without one) from");
                }
                LOG.warn("could not export a snapshot ({}); source.snapshot.mode = fallback: reading each partition "
                        + "in its own transaction, the output is marked consistent = false", e.getMessage());
                connection.rollback();
                return new SnapshotCoordinator(connection, null, version);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw connections.translate(e, "starting the run's transaction on");
        }
    }

    /** The exported snapshot, or empty when the run reads without one (mode off, or fallback). */
    public Optional<String> snapshotId() {
        return Optional.ofNullable(snapshotId);
    }

    public boolean consistent() {
        return snapshotId != null;
    }

    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        } catch (SQLException e) {
            LOG.warn("could not close the coordinator session: {}", e.getMessage());
        }
    }
}
