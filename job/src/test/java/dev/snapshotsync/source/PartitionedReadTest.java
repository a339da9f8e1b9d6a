package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.config.PartitionSettings;
import dev.snapshotsync.config.ReadProtocol;
import dev.snapshotsync.config.ReadSettings;
import dev.snapshotsync.config.SnapshotMode;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.TableName;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans come from the catalog and statistics; every row is read exactly once, in parallel. */
class PartitionedReadTest {
    private static final String BUCKET = "test-bucket-4";
    private static final ReadSettings READ = new ReadSettings(8, 1, SnapshotMode.REQUIRED, 1000, 64, ReadProtocol.COPY);
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("partitioned");
        db.execute(
                // 19,990 ordinary keys and ten huge outliers: equal-width bounds would put nearly
                // everything in the first partition.
                "CREATE TABLE skewed (id bigint PRIMARY KEY, v text)",
                "INSERT INTO skewed SELECT g, 'v' || g FROM generate_series(1, 19990) g",
                "INSERT INTO skewed SELECT 1000000000000 * g, 'outlier' FROM generate_series(1, 10) g",
                "CREATE TABLE by_text (code text PRIMARY KEY, n int)",
                "INSERT INTO by_text SELECT 'code-' || g, g FROM generate_series(1, 6000) g",
                "CREATE TABLE by_uuid (id uuid PRIMARY KEY, n int)",
                "INSERT INTO by_uuid SELECT md5(g::text)::uuid, g FROM generate_series(1, 6000) g",
                "CREATE TABLE keyless (n int, note text)",
                "INSERT INTO keyless SELECT g, repeat('x', 50) FROM generate_series(1, 6000) g",
                "CREATE TABLE with_nulls (id int, ts timestamptz)",
                "INSERT INTO with_nulls SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE "
                        + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 minute' END "
                        + "FROM generate_series(1, 5000) g",
                "CREATE VIEW big_items AS SELECT id, v FROM skewed WHERE id > 100",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + db.reader(),
                "ANALYZE");
    }

    private CsvDay export(String prefix, String tables) {
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.source.max-connections = 8", "snapshot-sync.tables { " + tables + " }");
        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-01");
        assertEquals(0, result.exitCode(), result.toString());
        String table = tables.substring(0, tables.indexOf(' ')).trim();
        return CsvDay.read(BUCKET, prefix + "/" + table + "/snapshot_date=2026-05-01/");
    }

    @Test
    void skewedKeySplitsIntoBalancedPartitions() throws SQLException {
        PartitionPlan plan = plan("skewed", new PartitionSettings("", 8));
        List<Long> rows = rowsPerPartition("skewed", plan);

        assertEquals(8, rows.size());
        assertEquals(20_000, rows.stream().mapToLong(Long::longValue).sum(), "every row in exactly one partition");
        double mean = 20_000 / 8.0;
        for (long count : rows) {
            assertTrue(count <= 2 * mean, rows + ": a partition holds more than twice the mean " + mean);
        }
        assertEquals(20_000, new HashSet<>(export("skew", "skewed { partition.count = 8 }").column("id")).size());
    }

    /** Rows each predicate selects, counted by PostgreSQL over the same subquery the job reads. */
    private static List<Long> rowsPerPartition(String table, PartitionPlan plan) throws SQLException {
        TableDescription description;
        List<Long> counts = new java.util.ArrayList<>();
        try (Connection connection = db.admin(); java.sql.Statement st = connection.createStatement()) {
            description = new CatalogReader(connection).describe(TableName.of("public", table)).orElseThrow();
            String subquery = TableReader.subquery(description.relation(), description.columns(), plan);
            for (String predicate : plan.predicates()) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM " + subquery + " WHERE " + predicate)) {
                    rs.next();
                    counts.add(rs.getLong(1));
                }
            }
        }
        return counts;
    }

    @Test
    void textUuidKeylessAndNullableKeysAreReadInParallelExactlyOnce() {
        assertParallelAndComplete(export("text", "by_text { partition.count = 4 }"), "code", 6000, 4);
        assertParallelAndComplete(export("uuid", "by_uuid { partition.count = 4 }"), "id", 6000, 4);
        assertParallelAndComplete(export("keyless", "keyless { partition.count = 4 }"), "n", 6000, 4);
        CsvDay nulls = export("nulls", "with_nulls { partition { column = ts, count = 4 } }");
        assertParallelAndComplete(nulls, "id", 5000, 4);
        assertEquals(500, nulls.column("ts").stream().filter(v -> v == null).count(), "NULL keys read exactly once");
    }

    @Test
    void viewsSplitOnAChosenColumnBySampling() {
        assertParallelAndComplete(export("view", "big_items { partition { column = id, count = 3 } }"), "id",
                19_900, 3);
    }

    private static void assertParallelAndComplete(CsvDay day, String key, int rows, int partitions) {
        List<String> keys = day.column(key);
        assertEquals(rows, keys.size(), "rows");
        assertEquals(rows, new HashSet<>(keys).size(), "each row exactly once");
        String table = day.keys().get(0).split("/")[1];
        try {
            PartitionPlan plan = plan(table, new PartitionSettings(table.equals("with_nulls") ? "ts"
                    : table.equals("big_items") ? "id" : "", partitions));
            List<Long> counts = rowsPerPartition(table, plan);
            assertEquals(partitions, counts.size(), "partitions planned: " + plan.describe());
            assertEquals(rows, counts.stream().mapToLong(Long::longValue).sum(), "every row in exactly one partition");
            assertFalse(counts.contains(0L), "an empty partition: " + counts);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void plannerChoosesTheStrategyFromTheCatalog() throws SQLException {
        assertEquals(PartitionPlan.Strategy.RANGE, plan("skewed", PartitionSettings.PLANNED).strategy());
        assertEquals("pg_stats histogram", plan("skewed", PartitionSettings.PLANNED).boundsSource());
        assertEquals(20, plan("skewed", PartitionSettings.PLANNED).count(), "20,000 rows at 1,000 per partition");
        assertEquals(PartitionPlan.Strategy.HASH, plan("by_text", PartitionSettings.PLANNED).strategy());
        assertEquals(PartitionPlan.Strategy.HASH, plan("by_uuid", PartitionSettings.PLANNED).strategy());
        assertEquals(PartitionPlan.Strategy.CTID, plan("keyless", PartitionSettings.PLANNED).strategy());
        assertEquals(PartitionPlan.Strategy.SINGLE, plan("big_items", PartitionSettings.PLANNED).strategy(),
                "views have no stats");
        assertEquals("sample", plan("big_items", new PartitionSettings("id", 3)).boundsSource());
    }

    @Test
    void overrideNamingAMissingOrUnsplittableColumnIsAConfigurationError() {
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> plan("skewed", new PartitionSettings("nope", 4)));
        assertTrue(missing.getMessage().contains("column 'nope' for 'snapshot-sync.tables.skewed.partition.column'"),
                missing.getMessage());
        db.execute("CREATE TABLE IF NOT EXISTS flags (id int PRIMARY KEY, ok boolean)");
        ConfigurationException bool = assertThrows(ConfigurationException.class,
                () -> plan("flags", new PartitionSettings("ok", 4)));
        assertTrue(bool.getMessage().contains("has type boolean, which cannot be split"), bool.getMessage());
    }

    private static PartitionPlan plan(String table, PartitionSettings override) throws SQLException {
        try (Connection connection = db.admin()) {
            TableDescription description = new CatalogReader(connection).describe(TableName.of("public", table))
                    .orElseThrow();
            return new PartitionPlanner(READ).plan(table, description, override,
                    new PgTableStatistics(connection, description));
        }
    }
}
