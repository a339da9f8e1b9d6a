package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3FaultProxy;
import dev.snapshotsync.testing.S3FaultProxy.Fault;
import dev.snapshotsync.testing.S3FaultProxy.Operation;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta days are committed only after every table of the run is staged and verified: a table that
 * fails to stage leaves every Delta table without a new version; a commit that fails leaves that
 * table (and the ones after it) with the day published before, says so table by table, and the
 * next run converges.
 */
class DeltaPublishTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String DATE = "2026-08-01";
    private static final String ROOT = "deltapub-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> TABLES = List.of("alpha", "beta", "gamma");
    private static TestDatabase db;
    private static S3FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        db = TestDatabase.create("delta_publish");
        for (String table : TABLES) {
            db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + table + " SELECT g, 'v' || g FROM generate_series(1, 20) g");
        }
        proxy = S3FaultProxy.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @AfterEach
    void resume() {
        proxy.resume();
    }

    private Cli.Result export(String prefix) {
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, ROOT + "/" + prefix),
                "snapshot-sync.tables { alpha {}, beta {}, gamma {} }", "snapshot-sync.target.format = delta",
                "snapshot-sync.target.s3.endpoint = \"" + proxy.endpoint() + "\"");
        return Cli.run("export", "--config", config.toString(), "--date", DATE);
    }

    /** Every table's Delta log and day markers (_manifest.json, _SUCCESS), by key. */
    private static Map<String, byte[]> logsAndMarkers(String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String table : TABLES) {
            String base = ROOT + "/" + prefix + "/" + table + "/";
            objects.putAll(DayObjects.contents(BUCKET, base + "_delta_log/"));
            for (String marker : List.of("_manifest.json", "_SUCCESS")) {
                String key = base + "snapshot_date=" + DATE + "/" + marker;
                objects.putAll(DayObjects.contents(BUCKET, key));
            }
        }
        return objects;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "a Delta table got a new version");
        before.forEach((key, bytes) -> assertArrayEquals(bytes, after.get(key), key));
    }

    @Test
    void aTableThatFailsToStageLeavesEveryDeltaTableWithoutANewVersion() {
        assertEquals(0, export("staging").exitCode());
        Map<String, byte[]> published = logsAndMarkers("staging");
        proxy.add(Operation.PUT, "/_staging/[^/]+/gamma/", Fault.FORBIDDEN);

        Cli.Result failed = export("staging");

        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("gamma"), failed.toString());
        assertUnchanged(published, logsAndMarkers("staging"));
    }

    @Test
    void aFailedCommitKeepsThatTablesPublishedDayAndTheRerunConverges() {
        assertEquals(0, export("commit").exitCode());
        Map<String, byte[]> published = logsAndMarkers("commit");
        proxy.add(Operation.PUT, "/beta/_delta_log/\\d+\\.json$", Fault.FORBIDDEN);

        Cli.Result failed = export("commit");

        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("Table by table: alpha: new day published; beta: as before this run; "
                + "gamma: as before this run"),
                failed.toString());
        Map<String, byte[]> after = logsAndMarkers("commit");
        for (String table : List.of("beta", "gamma")) {
            String base = ROOT + "/commit/" + table + "/";
            assertUnchanged(filter(published, base), filter(after, base));
            DayObjects.assertCompleteDay(BUCKET, base + "snapshot_date=" + DATE + "/");
        }
        assertNotEquals(filter(published, ROOT + "/commit/alpha/").keySet(),
                filter(after, ROOT + "/commit/alpha/").keySet(), "alpha committed its new day");

        proxy.resume();
        Cli.Result rerun = export("commit");

        assertEquals(0, rerun.exitCode(), rerun.toString());
        for (String table : TABLES) {
            JsonNode manifest = DayObjects.assertCompleteDay(BUCKET, ROOT + "/commit/" + table + "/snapshot_date="
                    + DATE + "/");
            assertEquals(20, manifest.get("rows").get("written").asLong());
            assertTrue(rerun.out().contains(manifest.get("run").get("id").asText()), table);
        }
        DayObjects.assertNoDirectoryMarkers(BUCKET, ROOT + "/commit/_locks/");
        assertTrue(DayObjects.keys(BUCKET, ROOT + "/commit/_staging/").isEmpty(), "staging left");
    }

    private static Map<String, byte[]> filter(Map<String, byte[]> objects, String prefix) {
        Map<String, byte[]> filtered = new TreeMap<>();
        objects.forEach((key, bytes) -> {
            if (key.startsWith(prefix)) {
                filtered.put(key, bytes);
            }
        });
        return filtered;
    }
}
