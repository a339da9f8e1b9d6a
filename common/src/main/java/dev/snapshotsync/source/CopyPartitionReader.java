package dev.snapshotsync.source;

import dev.snapshotsync.sql.SqlLiteral;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Runs one task's COPY statements, one after another on one session, and decodes the rows.
 *
 * <p>With a snapshot, the session opens one {@code REPEATABLE READ READ ONLY} transaction that
 * joins it ({@code SET TRANSACTION SNAPSHOT}) and every statement runs in it; a retried task joins
 * the same snapshot again. Without one, each statement gets its own read-only transaction, as each
 * partition gets its own session on the JDBC path. Nothing is ever committed.
 */
final class CopyPartitionReader implements PartitionReader<InternalRow> {
    private final CopyRead read;
    private final List<String> statements;
    private final BinaryRowDecoder decoder;
    private Connection connection;
    private CopyOut copy;
    private int next;
    private InternalRow current;

    CopyPartitionReader(CopyRead read, List<String> statements) {
        this.read = read;
        this.statements = statements;
        this.decoder = new BinaryRowDecoder(read.table(), read.columns(), read.schema());
    }

    @Override
    public boolean next() throws IOException {
        try {
            while (true) {
                if (copy == null) {
                    if (next == statements.size()) {
                        return false;
                    }
                    start(statements.get(next++));
                }
                byte[] message = copy.readFromCopy();
                if (message == null) {
                    if (!decoder.finished()) {
                        throw new SQLException("COPY of table " + read.table() + " ended without its trailer",
                                "08006");
                    }
                    copy = null;
                    continue;
                }
                InternalRow row = decoder.decode(message);
                if (row != null) {
                    current = row;
                    return true;
                }
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void start(String sql) throws SQLException {
        if (connection == null) {
            connection = new org.postgresql.Driver().connect(read.url(), read.connection());
            if (connection == null) {
                throw new SQLException("pgjdbc did not accept the URL " + read.url(), "08001");
            }
            connection.setAutoCommit(false);
            beginTransaction();
        } else if (read.snapshotId() == null) {
            connection.rollback();
            beginTransaction();
        }
        decoder.reset();
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    }

    private void beginTransaction() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            if (read.snapshotId() != null) {
                statement.execute("SET TRANSACTION SNAPSHOT " + SqlLiteral.quote(read.snapshotId()));
            }
        }
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() throws IOException {
        if (connection == null) {
            return;
        }
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
            connection.rollback();
        } catch (SQLException e) {
            // The session is going away either way; a failed read already reported its own error.
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // as above
            }
            connection = null;
            copy = null;
        }
    }
}
