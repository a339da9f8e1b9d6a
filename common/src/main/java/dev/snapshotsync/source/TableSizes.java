package dev.snapshotsync.source;

import dev.snapshotsync.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The on-disk size of a table (heap and TOAST, summed over the partitions of a partitioned
 * table), which sizes the output files. Views have no size of their own: -1, unknown.
 */
public final class TableSizes {
    private static final String SIZE = """
            SELECT c.relkind, (SELECT sum(pg_table_size(t.relid)) FROM pg_partition_tree(c.oid) t)
            FROM pg_catalog.pg_class c WHERE c.oid = to_regclass(?)
            """;

    private final Connection connection;

    public TableSizes(Connection connection) {
        this.connection = connection;
    }

    public long bytes(TableName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SIZE)) {
            statement.setString(1, table.quoted());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || !"rmp".contains(rs.getString(1)) || rs.getObject(2) == null) {
                    return -1;
                }
                return rs.getLong(2);
            }
        }
    }
}
