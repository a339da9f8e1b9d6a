package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parents read with their children (no ONLY), split on statistics of the whole tree, every row
 * exactly once: an inheritance parent (children via INHERITS, rows of its own too) and a
 * declaratively partitioned table with a sub-partitioned partition and a default partition.
 */
class PartitionTreeTest {
    private static final String BUCKET = "test-bucket-4";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("partition_tree");
        db.execute(
                "CREATE TABLE readings (id bigint PRIMARY KEY, v text)",
                "CREATE TABLE readings_2025 () INHERITS (readings)",
                "CREATE TABLE readings_2026 () INHERITS (readings)",
                "INSERT INTO readings SELECT g, 'parent' FROM generate_series(1, 5000) g",
                "INSERT INTO readings_2025 SELECT g, '2025' FROM generate_series(5001, 20000) g",
                "INSERT INTO readings_2026 SELECT g, '2026' FROM generate_series(20001, 30000) g",
                "CREATE TABLE events (id int NOT NULL, region text NOT NULL) PARTITION BY RANGE (id)",
                "CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (1) TO (10001) PARTITION BY LIST (region)",
                "CREATE TABLE events_low_north PARTITION OF events_low FOR VALUES IN ('north')",
                "CREATE TABLE events_low_south PARTITION OF events_low FOR VALUES IN ('south')",
                "CREATE TABLE events_high PARTITION OF events FOR VALUES FROM (10001) TO (20001)",
                "CREATE TABLE events_other PARTITION OF events DEFAULT",
                "INSERT INTO events SELECT g, CASE WHEN g % 2 = 0 THEN 'north' ELSE 'south' END "
                        + "FROM generate_series(-999, 25000) g",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + db.reader(),
                "ANALYZE");
    }

    private CsvDay export(String prefix, String table, String settings) {
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.source.max-connections = 4", "snapshot-sync.tables { " + table + " " + settings + " }");
        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-02");
        assertEquals(0, result.exitCode(), result.toString());
        return CsvDay.read(BUCKET, prefix + "/" + table + "/snapshot_date=2026-05-02/");
    }

    @Test
    void inheritanceParentIsReadWithItsChildrenEveryRowOnce() {
        CsvDay day = export("inherits", "readings", "{ partition.count = 8 }");

        assertEquals(expectedIds(1, 30_000), new HashSet<>(day.column("id")));
        assertEquals(30_000, day.rows().size(), "no row twice");
        assertEquals(Set.of("parent", "2025", "2026"), new HashSet<>(day.column("v")), "children included");
        List<BigDecimal> bounds = bounds("inherits/readings/snapshot_date=2026-05-02/");
        assertEquals(7, bounds.size(), bounds.toString());
        assertTrue(PartitionPlanner.strictlyIncreasing(bounds), bounds.toString());
        // From the whole tree's histogram (inherited = true): the parent's own rows end at 5000.
        assertTrue(bounds.get(bounds.size() - 1).compareTo(BigDecimal.valueOf(20_000)) > 0, bounds.toString());
    }

    @Test
    void partitionedTableWithSubPartitionsAndADefaultPartitionEveryRowOnce() {
        CsvDay day = export("declarative", "events", "{ partition { column = id, count = 6 } }");

        assertEquals(expectedIds(-999, 25_000), new HashSet<>(day.column("id")));
        assertEquals(26_000, day.rows().size(), "no row twice");
        List<BigDecimal> bounds = bounds("declarative/events/snapshot_date=2026-05-02/");
        assertEquals(5, bounds.size(), bounds.toString());
        assertTrue(PartitionPlanner.strictlyIncreasing(bounds), bounds.toString());
    }

    private static Set<String> expectedIds(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.toSet());
    }

    private static List<BigDecimal> bounds(String day) {
        JsonNode partitions = DayObjects.json(BUCKET, day + "_manifest.json").get("partitions");
        assertEquals("range", partitions.get("strategy").asText(), partitions.toString());
        List<BigDecimal> bounds = new ArrayList<>();
        partitions.get("bounds").forEach(b -> bounds.add(new BigDecimal(b.asText())));
        return bounds;
    }
}
