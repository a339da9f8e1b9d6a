package dev.snapshotsync.source;

import dev.snapshotsync.config.RowSecurityPolicy;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sql.Relation;
import java.util.List;

/**
 * Explains a failed table read with what only the run knows besides the exception: whether the
 * session holding the snapshot is still alive, which sessions stand in the way of the table's
 * locks, and the table's row-security setting. Everything else goes to
 * {@link PgConnections#translate}. Classified by SQLState, never by message text.
 */
public final class ReadErrors {
    private ReadErrors() {}

    public static SnapshotSyncException translate(Throwable e, PgConnections connections,
                                                  SnapshotCoordinator coordinator, TableSettings table, String doing) {
        String where = "source: " + doing + " PostgreSQL at " + connections.describe() + " failed: ";
        String state = PgConnections.sqlCause(e).map(java.sql.SQLException::getSQLState).orElse("");
        String serverSaid = Causes.firstLine(PgConnections.sqlCause(e).map(Throwable::getMessage).orElse(e.getMessage()));
        if (coordinator.consistent() && !coordinator.alive()) {
            return SnapshotSyncException.source(where + "the session holding the run's snapshot has ended, and the "
                    + "snapshot with it (" + serverSaid + "). Something ended that idle-in-transaction session: "
                    + "idle_in_transaction_session_timeout set on the server, database or role (the run sets it to "
                    + "0 for its own sessions, so look for a proxy or pooler that overrides it), a watchdog calling "
                    + "pg_terminate_backend, or a restart or failover. Nothing was published; run again.", e);
        }
        if (("55P03".equals(state) || "57014".equals(state))
                && table.relation() instanceof Relation.NamedTable named) {
            List<String> blockers = coordinator.blockers(named.name());
            if (!blockers.isEmpty()) {
                return SnapshotSyncException.source(where + "waited for a lock on " + named.name() + " ("
                        + serverSaid + "); " + LockBlockers.sentence(blockers) + ". The run holds ACCESS SHARE locks "
                        + "on its tables, so a TRUNCATE or ALTER TABLE issued during the run waits for it, and reads "
                        + "of that table queue behind it until source.lock-timeout ("
                        + connections.settings().lockTimeout() + "). Nothing was published. Run again once that "
                        + "statement has finished, or schedule it outside the export.", e);
            }
        }
        if ("42501".equals(state) && table.rowSecurity() == RowSecurityPolicy.REFUSE) {
            return SnapshotSyncException.source(where + "permission denied: " + serverSaid + ". The role needs "
                    + "SELECT on the table and USAGE on its schema; where PostgreSQL names row-level security, a "
                    + "policy would hide rows from the role (the run reads with row_security = off so that it never "
                    + "exports part of a table silently): read as a role that bypasses it, or set "
                    + "'snapshot-sync.tables." + table.name() + ".row-security' = apply to export the rows it may "
                    + "see.", e);
        }
        return connections.translate(e, doing);
    }
}
