package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.MotoAws;
import dev.snapshotsync.testing.S3FaultProxy;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, point 3: a layout a partner can be given. The job's own objects under a control
 * location in another bucket, no directory markers under the data, manifests without the source's
 * location, and delivery as an assumed role (moto's STS) with bucket-owner-full-control.
 */
class PartnerLayoutTest {
    private static final String DATA = "test-bucket-3";
    private static final String CONTROL = "test-bucket-2";
    private static final String DATE = "2026-03-07";
    /** Fresh per test run: objects left in a long-lived S3Mock by an earlier run must not meet this one. */
    private static final String RUN = "partner-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    private static final String DEAD_RUN = "20260307T010000Z-deadbeef";
    private static final Pattern RUN_ID = Pattern.compile("snapshot-sync run (\\S+):");
    private static final String ROLE = "arn:aws:iam::210987654321:role/partner-delivery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("partner");
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, label text)",
                "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 12) g",
                "CREATE TABLE items (id int PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5) g");
    }

    private Path config(String root, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, DATA, root),
                "snapshot-sync.tables { orders {}, items {} }", extra);
    }

    private static String runId(Cli.Result result) {
        Matcher m = RUN_ID.matcher(result.out());
        assertTrue(m.find(), result.toString());
        return m.group(1);
    }

    /**
     * Staging in another bucket makes the publish a copy between buckets: it keeps SSE-KMS, a rerun
     * replaces the day, and a dead run's expired lock and staging folder under the control location
     * are taken over and deleted. The data prefix then holds the day folders and nothing else (no
     * _locks, _runs, _staging or _preflight, no directory marker), and the manifests do not say where
     * the database runs.
     */
    @Test
    void withAControlBucketTheDataPrefixHoldsOnlyTheTablesDayFolders() {
        String root = RUN + "data";
        String control = RUN + "control";
        Path config = config(root, """
                snapshot-sync.target.control-uri = "s3a://%s/%s/"
                snapshot-sync.target.manifest.source-location = false
                """.formatted(CONTROL, control));
        S3Http.put(CONTROL, control + "/_staging/" + DEAD_RUN + "/orders/part-00000.csv",
                "half".getBytes(StandardCharsets.UTF_8));
        S3Http.put(CONTROL, control + "/_locks/orders.snapshot_date=" + DATE + ".json", ("{\"runId\":\"" + DEAD_RUN
                + "\",\"staging\":\"s3a://" + CONTROL + "/" + control + "/_staging/" + DEAD_RUN + "\",\"expiresAt\":\""
                + Instant.now().minusSeconds(5) + "\"}").getBytes(StandardCharsets.UTF_8));

        Cli.Result first = Cli.run("export", "--config", config.toString(), "--date", DATE);
        assertEquals(0, first.exitCode(), first.toString());
        Cli.Result rerun = Cli.run("export", "--config", config.toString(), "--date", DATE);
        assertEquals(0, rerun.exitCode(), rerun.toString());
        Cli.Result preflight = Cli.run("preflight", "--config", config.toString());
        assertEquals(0, preflight.exitCode(), preflight.toString());
        assertTrue(preflight.out().contains("test object s3a://" + CONTROL + "/" + control + "/_preflight/"),
                preflight.toString());

        Pattern dayObject = Pattern.compile(Pattern.quote(root) + "/(orders|items)/snapshot_date=" + DATE + "/[^/]+");
        List<String> data = S3Http.list(DATA, root + "/");
        assertTrue(!data.isEmpty() && data.stream().allMatch(key -> dayObject.matcher(key).matches()),
                "the data prefix holds only day folders: " + data);
        for (String table : List.of("orders", "items")) {
            JsonNode manifest = DayObjects.assertExactDay(DATA, root + "/" + table + "/snapshot_date=" + DATE + "/");
            JsonNode source = manifest.get("source");
            assertFalse(source.has("host") || source.has("port") || source.has("database"), source.toString());
            assertEquals("public", source.get("schema").asText());
            assertEquals(table, source.get("table").asText());
            assertFalse(manifest.toString().contains(db.name()), manifest.toString());
            assertEquals(runId(rerun), manifest.at("/run/id").asText(), "the rerun's day");
        }
        DayObjects.assertAllEncrypted(DATA, root + "/");
        List<String> reports = List.of(control + "/_runs/" + runId(first) + ".json",
                control + "/_runs/" + runId(rerun) + ".json");
        assertEquals(reports.stream().sorted().toList(), DayObjects.keys(CONTROL, control + "/"),
                "the control location keeps the run reports; the locks, the dead run's staging and ours are gone");
        assertEquals("succeeded", DayObjects.json(CONTROL, reports.get(1)).get("status").asText());
    }

    /** A control bucket that does not exist fails the run before any read, exit 4, naming it and its key. */
    @Test
    void aMissingControlBucketIsATargetErrorNamingTheControlUri() {
        Path config = config(RUN + "no-control", "snapshot-sync.target.control-uri = \"s3a://no-such-control-bucket/x\"");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", DATE, "--tables", "items");

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.err().contains("'s3a://no-such-control-bucket/x' failed: bucket 'no-such-control-bucket' "
                + "does not exist. Check target.control-uri."), result.toString());
        assertTrue(S3Http.list(DATA, RUN + "no-control/").isEmpty(), "nothing written to the data prefix");
    }

    /** Issue 19 took the markers out of the day folders; nothing above them (table folder, root) gets one either. */
    @Test
    void noDirectoryMarkerIsLeftUnderTheTargetInCsvJsonOrParquet() {
        for (String format : List.of("csv", "json", "parquet")) {
            String root = RUN + "markers-" + format;
            Cli.Result result = Cli.run("export", "--config", config(root, "snapshot-sync.target.format = " + format)
                    .toString(), "--date", DATE);

            assertEquals(0, result.exitCode(), result.toString());
            DayObjects.assertExactDay(DATA, root + "/orders/snapshot_date=" + DATE + "/");
            DayObjects.assertNoDirectoryMarkers(DATA, root + "/");
            assertTrue(S3Http.list(DATA, root).stream().noneMatch(key -> key.equals(root + "/")), root);
        }
    }

    /**
     * The data bucket is written as another account's role: S3A calls AssumeRole (at moto, through
     * the SDK's aws.endpointUrlSts, since S3A's own sts-endpoint key needs the SDK bundle this class
     * path lacks) with the session name and external id, and every object written (PUT, and the
     * COPY that publishes a staged file) carries x-amz-acl: bucket-owner-full-control, as an https
     * relay in front of S3Mock sees the requests. The external id shows nowhere.
     */
    @Test
    void anAssumedRoleDeliversWithBucketOwnerFullControl() throws Exception {
        String session = MotoAws.uniqueName("partner");
        String externalId = "ext-" + UUID.randomUUID();
        String root = RUN + "role";
        try (S3FaultProxy s3 = S3FaultProxy.start()) {
            Path config = config(root, """
                    snapshot-sync.target.s3 {
                      endpoint = "%s"
                      assumed-role { arn = "%s", session-name = "%s", external-id = "%s" }
                      canned-acl = bucket-owner-full-control
                    }
                    """.formatted(s3.endpoint(), ROLE, session, externalId));

            Cli.Result result = withSts(TestEnv.get("aws.endpoint"), () -> Cli.run("export", "--config",
                    config.toString(), "--date", DATE, "--tables", "items"));

            assertEquals(0, result.exitCode(), result.toString());
            assertFalse(result.toString().contains(externalId), "the external id is a secret: " + result);
            JsonNode manifest = DayObjects.assertExactDay(DATA, root + "/items/snapshot_date=" + DATE + "/");
            assertFalse(manifest.toString().contains(externalId), manifest.toString());
            List<Map.Entry<String, String>> writes = new ArrayList<>(s3.seen(S3FaultProxy.Operation.PUT, "x-amz-acl"));
            writes.addAll(s3.seen(S3FaultProxy.Operation.COPY, "x-amz-acl"));
            List<String> day = writes.stream().map(Map.Entry::getKey)
                    .filter(key -> key.startsWith(root + "/items/")).toList();
            assertTrue(day.containsAll(DayObjects.keys(DATA, root + "/items/")), "every object of the day was written "
                    + "through the relay: " + writes);
            assertTrue(writes.stream().filter(write -> write.getKey().startsWith(root + "/"))
                    .allMatch(write -> write.getValue().equals("bucket-owner-full-control")), writes.toString());
        }
        List<JsonNode> assumed = new ArrayList<>();
        motoModels().at("/sts/AssumedRole").forEach(role -> {
            if (session.equals(role.path("session_name").asText())) {
                assumed.add(role);
            }
        });
        assertFalse(assumed.isEmpty(), "moto saw no AssumeRole of session " + session);
        assertEquals(ROLE, assumed.get(0).get("role_arn").asText());
        assertEquals(externalId, assumed.get(0).get("external_id").asText());
    }

    /** STS that does not answer as STS (here S3Mock) fails the run before any read, exit 4, naming the role's key. */
    @Test
    void aRoleStsCannotGiveIsATargetErrorNamingTheKey() throws Exception {
        Path config = config(RUN + "wrong-sts", """
                snapshot-sync.target.s3.assumed-role.arn = "%s"
                """.formatted(ROLE));

        Cli.Result result = withSts(TestEnv.s3HttpEndpoint(), () -> Cli.run("export", "--config", config.toString(),
                "--date", DATE, "--tables", "items"));

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.err().contains("target: opening 's3a://" + DATA + "/" + RUN + "wrong-sts' failed: assuming the "
                + "role '" + ROLE + "' of 'snapshot-sync.target.s3.assumed-role.arn' through STS failed: "),
                result.toString());
        assertTrue(S3Http.list(DATA, RUN + "wrong-sts/").isEmpty(), "nothing written");
    }

    /**
     * Runs {@code run} with the SDK's STS endpoint (and region) set the way a user sets them in the
     * environment (AWS_ENDPOINT_URL_STS, AWS_REGION), as the JVM's system properties, then clears them.
     */
    private static <T> T withSts(String endpoint, java.util.concurrent.Callable<T> run) throws Exception {
        System.setProperty("aws.endpointUrlSts", endpoint);
        System.setProperty("aws.region", TestEnv.get("aws.region"));
        try {
            return run.call();
        } finally {
            System.clearProperty("aws.endpointUrlSts");
            System.clearProperty("aws.region");
        }
    }

    /** moto's record of the models it holds ({@code /moto-api/data.json}): service, model, instances. */
    private static JsonNode motoModels() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestEnv.get("aws.endpoint") + "/moto-api/data.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
