package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance 3 and 4, and the lock: re-runs, the manifest against S3, the run summary, concurrent runs. */
@LineIndependent
class PublishTest {
    private static final String BUCKET = "test-bucket-4";
    private static final Pattern RUN_ID = Pattern.compile("snapshot-sync run (\\S+):");
    /** Fresh per test run: leases left in a long-lived S3Mock by an earlier run must not meet this one. */
    private static final String RUN = "p" + java.util.UUID.randomUUID().toString().substring(0, 8) + "/";
    private static final String OTHER_RUN = "20260403T010000Z-0a1b2c3d";
    private static final String DEAD_RUN = "20260404T010000Z-deadbeef";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("publish");
        db.execute("CREATE TABLE events (id int PRIMARY KEY, kind text)",
                "INSERT INTO events SELECT g, 'kind ' || (g % 3) FROM generate_series(1, 30) g",
                "CREATE TABLE places (id int PRIMARY KEY, name text)",
                "INSERT INTO places SELECT g, 'place ' || g FROM generate_series(1, 5) g");
    }

    private Path config(String prefix, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, RUN + prefix),
                "snapshot-sync.tables { events {} }", "snapshot-sync.target.max-rows-per-file = 10", extra);
    }

    @Test
    void rerunWithFewerRowsLeavesExactlyTheNewFilesAndManifest() {
        Path config = config("rerun", "");
        String day = RUN + "rerun/events/snapshot_date=2026-04-01/";
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-04-01").exitCode());
        List<String> before = DayObjects.manifestKeys(DayObjects.json(BUCKET, day + "_manifest.json"));
        assertEquals(3, before.size(), before.toString());
        db.execute("DELETE FROM events WHERE id > 15");
        try {
            Cli.Result again = Cli.run("export", "--config", config.toString(), "--date", "2026-04-01");

            assertEquals(0, again.exitCode(), again.toString());
            JsonNode manifest = DayObjects.json(BUCKET, day + "_manifest.json");
            List<String> files = DayObjects.manifestKeys(manifest);
            assertEquals(2, files.size(), files.toString());
            List<String> expected = new ArrayList<>(files);
            expected.add(day + "_SUCCESS");
            expected.add(day + "_manifest.json");
            assertEquals(expected.stream().sorted().toList(), DayObjects.keys(BUCKET, day).stream().sorted().toList());
            assertTrue(before.stream().noneMatch(files::contains), "old files left: " + before + " vs " + files);
            assertEquals(15, manifest.get("rows").get("read").asLong());
            assertEquals(15, manifest.get("rows").get("written").asLong());
            long sum = 0;
            for (JsonNode file : manifest.get("files")) {
                sum += file.get("rows").asLong();
                assertEquals(S3Http.get(BUCKET, file.get("key").asText()).length, file.get("bytes").asLong());
            }
            assertEquals(15, sum);
            assertEquals(runId(again), manifest.get("run").get("id").asText());
            assertTrue(S3Http.list(BUCKET, RUN + "rerun/_staging/").isEmpty());
        } finally {
            db.execute("INSERT INTO events SELECT g, 'kind ' || (g % 3) FROM generate_series(16, 30) g");
        }
    }

    @Test
    void manifestDescribesSourceColumnsFormatAndEncryptionWithoutSecrets() {
        Path config = config("manifest", "");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-02");

        assertEquals(0, result.exitCode(), result.toString());
        String day = RUN + "manifest/events/snapshot_date=2026-04-02/";
        String text = new String(S3Http.get(BUCKET, day + "_manifest.json"), StandardCharsets.UTF_8);
        assertFalse(text.contains(db.readerPassword()), "password in manifest");
        JsonNode manifest = DayObjects.json(BUCKET, day + "_manifest.json");
        assertEquals(1, manifest.get("manifestVersion").asInt());
        assertEquals("2026-04-02", manifest.get("snapshotDate").asText());
        assertEquals("events", manifest.get("table").asText());
        JsonNode source = manifest.get("source");
        assertEquals(db.name(), source.get("database").asText());
        assertEquals("public", source.get("schema").asText());
        assertTrue(source.get("postgresVersion").asText().startsWith("15"), source.toString());
        assertTrue(source.get("tlsProtocol").asText().startsWith("TLSv1."), source.toString());
        assertEquals("id", manifest.get("columns").get(0).get("sourceName").asText());
        assertEquals("integer", manifest.get("columns").get(0).get("sourceType").asText());
        assertEquals("int", manifest.get("columns").get(0).get("outputType").asText());
        assertEquals("csv", manifest.get("format").get("name").asText());
        assertEquals(",", manifest.get("format").get("options").get("sep").asText());
        JsonNode encryption = manifest.get("encryption");
        assertEquals("aws:kms", encryption.get("algorithm").asText());
        assertEquals(TestEnv.kmsKey(), encryption.get("keyId").asText());
        assertTrue(encryption.get("verified").asBoolean());
        assertEquals("single", manifest.get("partitions").get("strategy").asText());
        JsonNode report = DayObjects.json(BUCKET, RUN + "manifest/_runs/" + runId(result) + ".json");
        assertEquals("succeeded", report.get("status").asText());
        assertEquals("published", report.get("tables").get(0).get("status").asText());
        assertEquals(30, report.get("tables").get(0).get("rowsWritten").asLong());
        DayObjects.assertAllEncrypted(BUCKET, RUN + "manifest/");
    }

    @Test
    void liveLockOfAnotherRunFailsClearlyAndLeavesThePublishedDay() {
        Path config = config("locked", "");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-04-03").exitCode());
        String day = RUN + "locked/events/snapshot_date=2026-04-03/";
        List<String> published = DayObjects.keys(BUCKET, day);
        String until = Instant.now().plusSeconds(3600).toString();
        S3Http.put(BUCKET, RUN + "locked/_locks/events.snapshot_date=2026-04-03.json", lease(OTHER_RUN,
                "s3a://" + BUCKET + "/" + RUN + "locked/_staging/" + OTHER_RUN, until));

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-03");

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.err().contains("target: locked 's3a://" + BUCKET
                + "/" + RUN + "locked/_locks/events.snapshot_date=2026-04-03.json' by run '" + OTHER_RUN + "' until " + until
                + ". Another run is exporting this table and day."), result.toString());
        assertEquals(published, DayObjects.keys(BUCKET, day));
    }

    @Test
    void expiredLockOfADeadRunIsTakenOverAndItsStagingDeleted() {
        Path config = config("expired", "");
        S3Http.put(BUCKET, RUN + "expired/_staging/" + DEAD_RUN + "/events/part-00000.csv",
                "half".getBytes(StandardCharsets.UTF_8));
        S3Http.put(BUCKET, RUN + "expired/_locks/events.snapshot_date=2026-04-04.json", lease(DEAD_RUN,
                "s3a://" + BUCKET + "/" + RUN + "expired/_staging/" + DEAD_RUN, Instant.now().minusSeconds(5).toString()));

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-04");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(DayObjects.keys(BUCKET, RUN + "expired/_staging/").isEmpty());
        assertTrue(DayObjects.keys(BUCKET, RUN + "expired/_locks/").isEmpty(), "lock released");
        assertTrue(S3Http.list(BUCKET, RUN + "expired/events/snapshot_date=2026-04-04/")
                .contains(RUN + "expired/events/snapshot_date=2026-04-04/_SUCCESS"));
    }

    /**
     * A lock object is untrusted input: one whose staging names another table's published day
     * gives exit 4 naming the lock and how to clear it, and that day survives; so do a lock that
     * is not JSON and one whose expiry is not a time.
     */
    @Test
    void malformedLockObjectsFailWithExitFourAndDeleteNothing() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, RUN + "untrusted"),
                "snapshot-sync.tables { events {}, places {} }");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", "2026-04-05",
                "--tables", "events").exitCode());
        String eventsDay = RUN + "untrusted/events/snapshot_date=2026-04-05/";
        Map<String, byte[]> published = DayObjects.contents(BUCKET, eventsDay);
        String lock = RUN + "untrusted/_locks/places.snapshot_date=2026-04-05.json";
        String expired = Instant.now().minusSeconds(60).toString();
        List<List<String>> cases = List.of(
                List.of(new String(lease(DEAD_RUN, "s3a://" + BUCKET + "/" + eventsDay, expired), StandardCharsets.UTF_8),
                        "not the run's folder under _staging/ 's3a://" + BUCKET + "/" + eventsDay + "' for 'staging'"),
                List.of(new String(lease(DEAD_RUN, "s3a://" + BUCKET + "/" + RUN + "untrusted/_staging/" + DEAD_RUN,
                        "tomorrow"), StandardCharsets.UTF_8), "not a time 'tomorrow' for 'expiresAt'"),
                List.of(new String(lease("../events", "s3a://" + BUCKET + "/" + RUN + "untrusted/_staging/../events",
                        expired), StandardCharsets.UTF_8), "not a run id '../events' for 'runId'"),
                List.of("{not json", "content is not a JSON object '{not json' for 'the object'"));
        for (List<String> c : cases) {
            S3Http.put(BUCKET, lock, c.get(0).getBytes(StandardCharsets.UTF_8));

            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-05",
                    "--tables", "places");

            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("target: malformed lock object 's3a://" + BUCKET + "/" + lock + "': "
                    + c.get(1)), result.toString());
            assertTrue(result.err().contains("aws s3 rm s3://" + BUCKET + "/" + lock), result.toString());
            Map<String, byte[]> now = DayObjects.contents(BUCKET, eventsDay);
            assertEquals(published.keySet(), now.keySet(), c.get(0));
            published.forEach((key, bytes) -> assertArrayEquals(bytes, now.get(key)));
        }
    }

    /**
     * The folder of a published day holds exactly the manifest's files, _manifest.json and
     * _SUCCESS (every key listed, directory markers included), after a first run and after a
     * rerun that replaced it; and no run leaves a directory marker anywhere under the target.
     */
    @ParameterizedTest
    @ValueSource(strings = {"csv", "json", "parquet"})
    void dayFolderHoldsExactlyTheManifestsFilesAndNoRunLeavesDirectoryMarkers(String format) {
        String prefix = RUN + "exact-" + format;
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { events {}, places {} }", "snapshot-sync.target.max-rows-per-file = 10",
                "snapshot-sync.target.format = " + format);
        for (int run = 0; run < 2; run++) {
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-04-06");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(3, DayObjects.manifestKeys(DayObjects.assertExactDay(BUCKET,
                    prefix + "/events/snapshot_date=2026-04-06/")).size());
            DayObjects.assertExactDay(BUCKET, prefix + "/places/snapshot_date=2026-04-06/");
            DayObjects.assertNoDirectoryMarkers(BUCKET, prefix + "/");
        }
        assertTrue(S3Http.list(BUCKET, prefix + "/").stream()
                .allMatch(k -> k.contains("/snapshot_date=2026-04-06/") || k.startsWith(prefix + "/_runs/")),
                S3Http.list(BUCKET, prefix + "/").toString());
    }

    private static byte[] lease(String runId, String staging, String expiresAt) {
        return ("{\"runId\":\"" + runId + "\",\"staging\":\"" + staging + "\",\"expiresAt\":\"" + expiresAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String runId(Cli.Result result) {
        Matcher m = RUN_ID.matcher(result.out());
        assertTrue(m.find(), result.toString());
        return m.group(1);
    }
}
