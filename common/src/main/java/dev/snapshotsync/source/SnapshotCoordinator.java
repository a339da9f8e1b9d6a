package dev.snapshotsync.source;

import dev.snapshotsync.config.SnapshotMode;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

    /**
     * Opens the run's transaction: ACCESS SHARE locks on every relation the run reads
     * ({@link LockTargets}), then the snapshot. In REPEATABLE READ the first query fixes the
     * snapshot, so the locks come first, as pg_dump takes them: a TRUNCATE or a table rewrite (ALTER
     * COLUMN TYPE, VACUUM FULL, CLUSTER) is not MVCC-safe, and one committed after the snapshot but
     * before a table is read would show it empty. With the locks held it waits for the run instead.
     */
    public static SnapshotCoordinator open(PgConnections connections, SnapshotMode mode, List<TableSettings> tables) {
        Connection connection = connections.open();
        try {
            String version = connection.getMetaData().getDatabaseProductVersion();
            if (mode == SnapshotMode.OFF) {
                LOG.warn("source.snapshot.mode = off: each partition is read in its own transaction, so rows that "
                        + "change during the read may be missed or read twice");
                return new SnapshotCoordinator(connection, null, version);
            }
            List<TableName> targets = LockTargets.find(connections, connection, tables);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                lock(connections, connection, statement, targets);
                try (ResultSet rs = statement.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                    rs.next();
                    String id = rs.getString(1);
                    LOG.info("exported snapshot {} from PostgreSQL {} after locking {} relation(s) in ACCESS SHARE "
                            + "mode; every partition reads this instant", id, version, targets.size());
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

    /**
     * One LOCK per relation, so a wait that runs out (lock_timeout, SQLState 55P03) names its
     * relation. Only lock_timeout bounds these waits: statement_timeout is off for the transaction.
     */
    private static void lock(PgConnections connections, Connection connection, Statement statement,
                             List<TableName> targets) throws SQLException {
        statement.execute("SET LOCAL statement_timeout = 0");
        for (TableName target : targets) {
            try {
                statement.execute("LOCK TABLE " + target.quoted() + " IN ACCESS SHARE MODE");
            } catch (SQLException e) {
                if (!"55P03".equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback();
                List<String> blockers = LockBlockers.describe(connection, target);
                connection.rollback();
                throw SnapshotSyncException.source("source: locking " + target + " in ACCESS SHARE mode before "
                        + "taking the snapshot on PostgreSQL at " + connections.describe() + " failed: waited longer "
                        + "than source.lock-timeout (" + connections.settings().lockTimeout() + "); "
                        + LockBlockers.sentence(blockers) + ". Nothing was read or published. Run again when that "
                        + "session has finished, or raise source.lock-timeout.", e);
            }
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

    /**
     * The sessions in the way of reading {@code relation} (see {@link LockBlockers}), asked on this
     * session; empty if there are none or this session cannot ask any more.
     */
    public List<String> blockers(TableName relation) {
        try {
            return LockBlockers.describe(connection, relation);
        } catch (SQLException e) {
            LOG.debug("could not look for lock holders on {}: {}", relation, e.getMessage());
            return List.of();
        }
    }

    /**
     * Whether the session holding the snapshot still lives: the server ends it on
     * idle_in_transaction_session_timeout, pg_terminate_backend or a restart, and with it the snapshot.
     */
    public boolean alive() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
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
