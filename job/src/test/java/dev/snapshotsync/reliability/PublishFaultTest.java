package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.RunReports;
import dev.snapshotsync.testing.S3FaultProxy;
import dev.snapshotsync.testing.S3FaultProxy.Fault;
import dev.snapshotsync.testing.S3FaultProxy.Operation;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A re-publish that S3 fails at each of its steps (the copy of the new files into the day, by S3's
 * copy or, for small files, a PUT through the job; the manifest PUT, the _SUCCESS PUT, the bulk
 * delete of the old files), through S3FaultProxy: the run exits 4, a reader that follows _SUCCESS and _manifest.json finds the old complete day or the new
 * complete day, never less, and the next run converges to a day of exactly the manifest's files.
 * The fault strikes one table, orders, of two staged and published together; the other's day
 * is complete (old or new, as far as its publish got) and converges too.
 */
@LineIndependent
class PublishFaultTest {
    private static final String BUCKET = "test-bucket-3";
    private static final String DATE = "2026-07-01";
    private static final String ROOT = "pubfault-" + UUID.randomUUID().toString().substring(0, 8);
    /** Staged and published beside orders; it comes first in the failure's table-by-table account. */
    private static final List<String> OTHERS = List.of("customers");
    private static final int OTHER_ROWS = 12;
    /**
     * Prefixes whose files reach the day by S3's own copy (S3A's rename, target.small-file-rewrite =
     * 0); the others' small files are written into the day through the job (a GET and a PUT).
     */
    private static final Set<String> RENAMED = Set.of("copy");
    private static TestDatabase db;
    private static S3FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        db = TestDatabase.create("publish_fault");
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)",
                "INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 30) g");
        for (String table : OTHERS) {
            db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)",
                    "INSERT INTO " + table + " SELECT g, 'name ' || g FROM generate_series(1, " + OTHER_ROWS + ") g");
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

    private Path config(String prefix) {
        // A short lease: a run that S3 stopped cannot release its lock, and the rerun takes it over.
        return TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, ROOT + "/" + prefix),
                "snapshot-sync.tables { customers {}, orders {} }", "snapshot-sync.target.max-rows-per-file = 10",
                "snapshot-sync.target.lock.lease = 3s",
                "snapshot-sync.target.small-file-rewrite = " + (RENAMED.contains(prefix) ? "0" : "8M"),
                "snapshot-sync.target.s3.endpoint = \"" + proxy.endpoint() + "\"");
    }

    private static String day(String prefix) {
        return day(prefix, "orders");
    }

    private static String day(String prefix, String table) {
        return ROOT + "/" + prefix + "/" + table + "/snapshot_date=" + DATE + "/";
    }

    private Cli.Result export(String prefix) {
        return Cli.run("export", "--config", config(prefix).toString(), "--date", DATE,
                "--set", "target.lock.wait=30s");
    }

    /** Publishes the day, re-publishes it under {@code fault}, and returns the failed run; the old day as it was. */
    private Map<String, byte[]> publishThenFail(String prefix, Operation operation, String key, Fault fault,
                                                String expectedState) {
        assertEquals(0, export(prefix).exitCode());
        Map<String, byte[]> published = DayObjects.contents(BUCKET, day(prefix));
        proxy.add(operation, key, fault);

        Cli.Result failed = export(prefix);
        int struck = proxy.faults();
        proxy.resume();

        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(struck > 0, "the fault never struck");
        assertEquals(expectedState, stateOfOrders(failed.err()), failed.toString());
        assertOthersComplete(prefix);
        return published;
    }

    /** The old day, byte for byte: its manifest, _SUCCESS and every file it names. */
    private static void assertOldDayIntact(String prefix, Map<String, byte[]> published) {
        DayObjects.assertCompleteDay(BUCKET, day(prefix));
        Map<String, byte[]> now = DayObjects.contents(BUCKET, day(prefix));
        published.forEach((key, bytes) -> assertArrayEquals(bytes, now.get(key), key));
    }

    /**
     * What the failure says of orders' day in its table-by-table account ("Table by table: a: X;
     * b: Y. Run the export ..."); the tables come in the configuration's order.
     */
    private static String stateOfOrders(String err) {
        int start = err.indexOf("Table by table: ");
        int end = err.indexOf(". Run the export of this date again", start);
        assertTrue(start >= 0 && end > start, err);
        for (String entry : err.substring(start + "Table by table: ".length(), end).split("; ")) {
            if (entry.startsWith("orders: ")) {
                return entry.substring("orders: ".length());
            }
        }
        throw new AssertionError("orders is not in the account: " + err);
    }

    /** The other tables' days, whatever their publish reached when orders failed: complete, old or new. */
    private static void assertOthersComplete(String prefix) {
        for (String table : OTHERS) {
            assertEquals(OTHER_ROWS, DayObjects.assertCompleteDay(BUCKET, day(prefix, table)).get("rows")
                    .get("written").asLong());
        }
    }

    private void assertRerunConverges(String prefix) {
        Cli.Result rerun = export(prefix);
        assertEquals(0, rerun.exitCode(), rerun.toString());
        JsonNode manifest = DayObjects.assertExactDay(BUCKET, day(prefix));
        assertEquals(30, manifest.get("rows").get("written").asLong());
        for (String table : OTHERS) {
            assertEquals(OTHER_ROWS, DayObjects.assertExactDay(BUCKET, day(prefix, table)).get("rows")
                    .get("written").asLong());
        }
        RunReports.assertTablesStagedTogether(BUCKET, ROOT + "/" + prefix);
        DayObjects.assertNoDirectoryMarkers(BUCKET, ROOT + "/" + prefix + "/");
        assertTrue(DayObjects.keys(BUCKET, ROOT + "/" + prefix + "/_staging/").isEmpty(), "staging left");
    }

    /** A file's way into the day refused: S3's copy (prefix "copy", renamed) or the job's PUT of a small file. */
    @ParameterizedTest
    @CsvSource({"copy, COPY", "rewrite, PUT"})
    void copyRefusedLeavesTheOldDayExactlyAsItWas(String prefix, Operation copy) {
        Map<String, byte[]> published = publishThenFail(prefix, copy, "/orders/snapshot_date=" + DATE
                + "/part-", Fault.FORBIDDEN, "as before this run");

        assertOldDayIntact(prefix, published);
        assertEquals(published.keySet(), DayObjects.contents(BUCKET, day(prefix)).keySet(), "copied files removed");
        assertRerunConverges(prefix);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DROP", "INTERNAL_ERROR"})
    void manifestPutFailingLeavesTheOldDayPublished(Fault fault) {
        String prefix = "manifest-" + fault.name().toLowerCase(Locale.ROOT);
        Map<String, byte[]> published = publishThenFail(prefix, Operation.PUT, "/orders/snapshot_date=" + DATE
                + "/_manifest\\.json$", fault,
                "as before this run (new files in the folder, not in its manifest)");

        assertOldDayIntact(prefix, published);
        assertRerunConverges(prefix);
    }

    @Test
    void s3StoppingAtTheSuccessPutLeavesACompleteDay() {
        Map<String, byte[]> published = publishThenFail("success", Operation.PUT, "/orders/snapshot_date=" + DATE
                + "/_SUCCESS$", Fault.STOP,
                "new _manifest.json written, _SUCCESS not rewritten (a day published before now shows the new files)");

        // The manifest was replaced, so the day a reader finds is the new one, complete; the old
        // files are still there too, unnamed by it.
        JsonNode manifest = DayObjects.assertCompleteDay(BUCKET, day("success"));
        assertTrue(DayObjects.manifestKeys(manifest).stream().noneMatch(published::containsKey));
        assertTrue(DayObjects.keys(BUCKET, day("success")).containsAll(published.keySet()));
        assertRerunConverges("success");
    }

    @Test
    void oldFileDeleteUnavailablePublishesTheNewDayAndTheRerunRemovesTheOldFiles() {
        assertEquals(0, export("delete").exitCode());
        Map<String, byte[]> published = DayObjects.contents(BUCKET, day("delete"));
        // The replaced files go in one bulk delete (DeleteObjects), whose keys the rule matches.
        proxy.add(Operation.BULK_DELETE, "/orders/snapshot_date=" + DATE + "/part-", Fault.UNAVAILABLE);

        Cli.Result failed = export("delete");
        proxy.resume();

        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("S3 answered 503 Slow Down"), failed.toString());
        assertEquals("new day published, files it replaced may remain in its folder", stateOfOrders(failed.err()),
                failed.toString());
        JsonNode manifest = DayObjects.assertCompleteDay(BUCKET, day("delete"));
        assertTrue(DayObjects.manifestKeys(manifest).stream().noneMatch(published::containsKey));
        assertTrue(DayObjects.keys(BUCKET, day("delete")).containsAll(published.keySet()));
        assertOthersComplete("delete");
        assertRerunConverges("delete");
    }
}
