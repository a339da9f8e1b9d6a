package dev.snapshotsync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Watches pg_stat_activity for the job's partition reads (by application_name), so a fault test
 * can act while a read is in flight. A read is told by its statement: a COPY task runs several
 * partitions one after another on one session, the JDBC source opens a session per partition, and
 * streaming JDBC reads sit "idle in transaction" between fetches.
 */
public final class JobSessions {
    private static final String READS = "SELECT query FROM pg_stat_activity WHERE application_name = ? "
            + "AND state <> 'idle' AND query LIKE '%snapshot_sync_source%' AND query NOT LIKE '%1=0%'";

    private JobSessions() {}

    /** What to do with each row a poll returns. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code sql}, whose one parameter is the job's application_name, every 20 ms as the admin
     * role until {@code stop} says so, handing each row to {@code onRow}.
     */
    public static void poll(TestDatabase db, String sql, String app, BooleanSupplier stop, RowHandler onRow) {
        try (Connection admin = db.admin(); PreparedStatement watch = admin.prepareStatement(sql)) {
            watch.setString(1, app);
            while (!stop.getAsBoolean()) {
                try (ResultSet rs = watch.executeQuery()) {
                    while (rs.next() && !stop.getAsBoolean()) {
                        onRow.accept(rs);
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until {@code count} distinct partition reads of {@code app} have been seen, then returns
     * their statements; returns what it saw when {@code done} is set first.
     */
    public static Set<String> awaitReads(TestDatabase db, String app, int count, AtomicBoolean done) {
        Set<String> reads = new TreeSet<>();
        try (Connection admin = db.admin(); PreparedStatement watch = admin.prepareStatement(READS)) {
            watch.setString(1, app);
            while (!done.get() && reads.size() < count) {
                try (ResultSet rs = watch.executeQuery()) {
                    while (rs.next()) {
                        reads.add(rs.getString(1));
                    }
                }
                Thread.sleep(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reads;
    }
}
