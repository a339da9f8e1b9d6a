package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JobSessions;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A custom SELECT exports like a table: in the run's snapshot, split on a chosen column, refused clearly when bad. */
class CustomQueryTest {
    private static final String BUCKET = "test-bucket-4";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("custom_query");
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, region text)",
                "INSERT INTO customers SELECT g, CASE WHEN g % 2 = 0 THEN 'north' ELSE 'south' END "
                        + "FROM generate_series(1, 100) g",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers, amount numeric(12,2))",
                "INSERT INTO orders SELECT g, 1 + g % 100, g * 1.5 FROM generate_series(1, 3000) g",
                "ANALYZE",
                // A role that may write: only the run's read-only rules keep the source unchanged.
                "GRANT INSERT, UPDATE, DELETE, TRUNCATE ON orders TO " + db.reader());
    }

    private Cli.Result export(String prefix, String table) {
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { " + table + " }");
        return Cli.run("export", "--config", config.toString(), "--date", "2026-03-03");
    }

    @Test
    void joinQueryIsExportedInParallelWithEveryRowOnce() {
        Cli.Result result = export("query", """
                north_orders {
                  query = "SELECT o.id, o.amount, c.region FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'north'"
                  partition { column = id, count = 3 }
                }""");

        assertEquals(0, result.exitCode(), result.toString());
        CsvDay day = CsvDay.read(BUCKET, "query/north_orders/snapshot_date=2026-03-03/");
        assertEquals(List.of("id", "amount", "region"), day.header());
        assertEquals(1500, day.rows().size());
        assertEquals(1500, new HashSet<>(day.column("id")).size());
        assertTrue(day.column("region").stream().allMatch("north"::equals));
        assertTrue(day.rows().contains(List.of("1", "1.50", "north")), day.rows().subList(0, 3).toString());
        var partitions = DayObjects.json(BUCKET, "query/north_orders/snapshot_date=2026-03-03/_manifest.json")
                .get("partitions");
        assertEquals("range", partitions.get("strategy").asText(), partitions.toString());
        assertEquals(3, partitions.get("count").asInt(), partitions.toString());
    }

    /** A query is not a table: the manifest says so, and invents no schema or table for it. */
    @Test
    void manifestOfAQuerySaysQueryAndNamesNoSchemaOrTable() {
        Cli.Result result = export("querymanifest", """
                regions { query = "SELECT DISTINCT region FROM customers" }
                orders {}""");

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode query = DayObjects.json(BUCKET, "querymanifest/regions/snapshot_date=2026-03-03/_manifest.json")
                .get("source");
        assertEquals("query", query.get("kind").asText(), query.toString());
        assertFalse(query.has("schema"), query.toString());
        assertFalse(query.has("table"), query.toString());
        assertFalse(query.toString().contains("SELECT"), "the query's text is not copied: " + query);
        JsonNode table = DayObjects.json(BUCKET, "querymanifest/orders/snapshot_date=2026-03-03/_manifest.json")
                .get("source");
        assertEquals("table", table.get("kind").asText(), table.toString());
        assertEquals("public", table.get("schema").asText(), table.toString());
        assertEquals("orders", table.get("table").asText(), table.toString());
    }

    @Test
    void queryTheServerCannotPlanIsAConfigurationErrorNamingTheSetting() {
        Cli.Result result = export("badquery", "broken { query = \"SELECT nope FROM orders\" }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("query for 'snapshot-sync.tables.broken.query' was refused"), result.toString());
        assertTrue(result.err().contains("column \"nope\" does not exist"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "badquery/");
    }

    @Test
    void queryThatIsNotOneReadOnlySelectIsRefusedAndNothingChanges() throws SQLException {
        Cli.Result twoStatements = export("twostatements", "sneaky { query = \"SELECT id FROM orders; DELETE FROM orders\" }");
        Cli.Result writingCte = export("writingcte",
                "sneaky { query = \"WITH gone AS (DELETE FROM orders RETURNING id) SELECT id FROM gone\" }");

        assertEquals(2, twoStatements.exitCode(), twoStatements.toString());
        assertTrue(twoStatements.err().contains("query 'SELECT id FROM orders; DELETE FROM orders' for "
                + "'snapshot-sync.tables.sneaky.query' is not a single read-only SELECT: it holds more than one "
                + "statement"), twoStatements.toString());
        assertEquals(2, writingCte.exitCode(), writingCte.toString());
        assertTrue(writingCte.err().contains("for 'snapshot-sync.tables.sneaky.query' is not a single read-only "
                + "SELECT: it contains DELETE"), writingCte.toString());
        try (Connection admin = db.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertEquals(3000, rs.getLong(1), "orders changed");
        }
    }

    /**
     * The tables in the query's plan are locked before the snapshot like exported tables; planning
     * it already waits for their locks, and a wait that runs out is a source error, not bad SQL.
     */
    @Test
    void tablesBehindAQueryAreLockedBeforeTheSnapshot() throws SQLException {
        Path config = TestConfig.write(dir, "locked.conf", TestConfig.base(db, BUCKET, "lockedquery"),
                "snapshot-sync.source.lock-timeout = 1s",
                "snapshot-sync.tables { big_orders { query = \"SELECT o.id FROM orders o WHERE o.amount > 100\" } }");
        Cli.Result result;
        try (Connection locker = db.admin(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE customers, orders IN ACCESS EXCLUSIVE MODE");
            result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-03");
            locker.rollback();
        }

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("planning the query of 'snapshot-sync.tables.big_orders.query' (to lock "
                + "the tables it reads)"), result.toString());
        assertTrue(result.err().contains("waited longer than source.lock-timeout (PT1S)"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "lockedquery/");
    }

    @Test
    void theSnapshotSessionHoldsAccessShareOnTheTablesBehindAQuery() throws Exception {
        String app = "query-locks-" + UUID.randomUUID();
        Path config = TestConfig.write(dir, "held.conf", TestConfig.base(db, BUCKET, "heldquery"),
                "snapshot-sync.source.application-name = \"" + app + "\"",
                "snapshot-sync.tables { big_orders { query = \"SELECT o.id, c.region FROM orders o "
                        + "JOIN customers c ON c.id = o.customer_id\" } }");
        AtomicBoolean done = new AtomicBoolean();
        Set<String> locked = ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> watchSnapshotSessionLocks(app, done, locked));
        watcher.start();

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-03");
        done.set(true);
        watcher.join(30_000);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(Set.of("customers", "orders"), locked);
    }

    /** The relations on which the session that exported the snapshot holds ACCESS SHARE. */
    private static void watchSnapshotSessionLocks(String app, AtomicBoolean done,
                                                  Set<String> locked) {
        String sql = "SELECT l.relation::regclass::text FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE a.application_name = ? AND a.query LIKE '%pg_export_snapshot%' AND l.locktype = 'relation' "
                + "AND l.mode = 'AccessShareLock' AND l.granted AND l.relation::regclass::text NOT LIKE 'pg_%'";
        JobSessions.poll(db, sql, app, done::get, row -> locked.add(row.getString(1)));
    }

    @Test
    void aQueryAndATableTogetherAreRejected() {
        Cli.Result result = export("both", "both { table = orders, query = \"SELECT 1\" }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("sets both a query and a table"), result.toString());
    }
}
