package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.TableName;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quotes, semicolons and comment markers in schema, table and column names are read, never executed. */
class HostileIdentifierTest {
    private static final String SCHEMA = "sch;--ema";
    private static final String TABLE = "evil\"; DROP TABLE victims; --";
    private static final List<String> COLUMNS = List.of("a\"); DELETE FROM victims; --", "/* c */", "Ü ber;");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("hostile_names");
        db.execute("CREATE TABLE victims (id int)", "INSERT INTO victims VALUES (1), (2)",
                "CREATE SCHEMA \"sch;--ema\"",
                "CREATE TABLE \"sch;--ema\".\"evil\"\"; DROP TABLE victims; --\" "
                        + "(\"a\"\"); DELETE FROM victims; --\" int, \"/* c */\" text, \"Ü ber;\" text)",
                "INSERT INTO \"sch;--ema\".\"evil\"\"; DROP TABLE victims; --\" VALUES (1, 'x', 'y'), (2, NULL, ';--')",
                "ANALYZE",
                "GRANT USAGE ON SCHEMA \"sch;--ema\" TO " + db.reader(),
                "GRANT SELECT ON ALL TABLES IN SCHEMA \"sch;--ema\" TO " + db.reader());
    }

    @Test
    void hostileNamesAreQuotedEverywhere() throws SQLException {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket", "hostile"), """
                snapshot-sync.tables {
                  evil { schema = "sch;--ema", table = "evil\\"; DROP TABLE victims; --",
                         partition { column = "a\\"); DELETE FROM victims; --", count = 2 } }
                }
                """);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-01-02");

        assertEquals(0, result.exitCode(), result.toString());
        CsvDay day = CsvDay.read("test-bucket", "hostile/evil/snapshot_date=2026-01-02/");
        assertEquals(COLUMNS, day.header());
        assertEquals(2, day.rows().size());
        try (Connection admin = db.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM victims")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the victims table was touched");
        }
    }

    /** The quoting the job builds its SQL with, run against PostgreSQL: it names the objects, and runs nothing else. */
    @Test
    void quotedNamesSelectTheHostileTableAndColumnsInRealSql() throws SQLException {
        String select = "SELECT " + String.join(", ", COLUMNS.stream().map(c -> new Identifier(c).quoted()).toList())
                + " FROM " + TableName.of(SCHEMA, TABLE).quoted() + " ORDER BY 1";
        List<List<String>> rows = new ArrayList<>();
        try (Connection admin = db.admin(); Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    rows.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                assertEquals(COLUMNS, List.of(rs.getMetaData().getColumnName(1), rs.getMetaData().getColumnName(2),
                        rs.getMetaData().getColumnName(3)));
            }
            assertEquals(List.of(Arrays.asList("1", "x", "y"), Arrays.asList("2", null, ";--")), rows, select);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM victims")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "the victims table was touched: " + select);
            }
        }
    }
}
