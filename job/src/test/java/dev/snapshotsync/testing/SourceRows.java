package dev.snapshotsync.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Rows as canonical text, so a source query and what any format read back can be compared:
 * instants as ISO 8601 with microseconds in UTC, decimals in plain notation, NULL as null.
 */
public final class SourceRows {
    public static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private SourceRows() {}

    /** The query's rows as text, in the query's order. */
    public static List<List<String>> query(TestDatabase db, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = db.admin(); Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(render(rs, i, meta.getColumnTypeName(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Spark rows as text, sorted by their first column read as a number. */
    public static List<List<String>> spark(List<Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (Row row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                values.add(text(row.get(i)));
            }
            out.add(values);
        }
        return sortedById(out);
    }

    public static List<List<String>> sortedById(List<List<String>> rows) {
        List<List<String>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(r -> new BigDecimal(r.get(0))));
        return sorted;
    }

    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC).format(ISO_MICROS);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** One column of the current row as canonical text; {@code type} is the column's PostgreSQL type name. */
    public static String render(ResultSet rs, int i, String type) throws SQLException {
        if (rs.getObject(i) == null) {
            return null;
        }
        return switch (type) {
            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                    .format(ISO_MICROS);
            case "numeric" -> rs.getBigDecimal(i).toPlainString();
            case "bool" -> Boolean.toString(rs.getBoolean(i));
            default -> rs.getString(i);
        };
    }
}
