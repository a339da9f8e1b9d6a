package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.MotoAws;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target.events against moto's EventBridge: an EventBridge rule on the test's own source sends
 * every event to an SQS queue, which the test reads, so what is checked is what a subscriber gets.
 */
@LineIndependent
class CompletionEventTest {
    private static final String BUCKET = "test-bucket-4";
    private static final String DATE = "2026-02-11";
    private static final Pattern RUN_ID = Pattern.compile("run (\\d{8}T\\d{6}Z-[0-9a-f]{8})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("events");
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, label text)",
                "INSERT INTO orders SELECT g, 'label ' || g FROM generate_series(1, 7) g");
    }

    /** A queue that receives every event of {@code source} on the default bus. */
    private static String subscribe(String source) throws Exception {
        String queue = MotoAws.uniqueName("events");
        String url = MotoAws.json("sqs", "AmazonSQS.CreateQueue", Map.of("QueueName", queue)).get("QueueUrl").asText();
        MotoAws.json("events", "AWSEvents.PutRule", Map.of("Name", queue,
                "EventPattern", JSON.writeValueAsString(Map.of("source", List.of(source)))));
        MotoAws.json("events", "AWSEvents.PutTargets", Map.of("Rule", queue, "Targets", List.of(Map.of("Id", "queue",
                "Arn", "arn:aws:sqs:" + TestEnv.get("aws.region") + ":123456789012:" + queue))));
        return url;
    }

    private static List<JsonNode> received(String queueUrl) throws Exception {
        JsonNode answer = MotoAws.json("sqs", "AmazonSQS.ReceiveMessage", Map.of("QueueUrl", queueUrl,
                "MaxNumberOfMessages", 10));
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode message : answer.path("Messages")) {
            events.add(JSON.readTree(message.get("Body").asText()));
        }
        return events;
    }

    private Path config(String prefix, String source, String bus, String tables) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix), """
                snapshot-sync.target.events {
                  enabled = true
                  event-bus = "%s"
                  source = "%s"
                  region = "%s"
                  endpoint = "%s"
                }
                snapshot-sync.tables { %s }
                """.formatted(bus, source, TestEnv.get("aws.region"), TestEnv.get("aws.endpoint"), tables));
    }

    private static String runId(Cli.Result result) {
        Matcher m = RUN_ID.matcher(result.out() + result.err());
        assertTrue(m.find(), result.toString());
        return m.group(1);
    }

    @Test
    void aSuccessfulRunSendsOneEventWithEachTablesDayManifestRowsAndFiles() throws Exception {
        String source = MotoAws.uniqueName("test.snapshot-sync");
        String queue = subscribe(source);

        Cli.Result result = Cli.run("export", "--config", config("events-ok", source, "default", "orders {}").toString(),
                "--date", DATE);

        assertEquals(0, result.exitCode(), result.toString());
        List<JsonNode> events = received(queue);
        assertEquals(1, events.size(), events.toString());
        JsonNode event = events.get(0);
        assertEquals(source, event.get("source").asText());
        assertEquals("Snapshot Sync Run Succeeded", event.get("detail-type").asText());
        String day = "events-ok/orders/snapshot_date=" + DATE + "/";
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("eventVersion", 1);
        expected.put("runId", runId(result));
        expected.put("snapshotDate", DATE);
        expected.put("status", "succeeded");
        expected.put("exitCode", 0);
        expected.put("error", null);
        expected.put("target", "s3://" + BUCKET + "/events-ok/");
        expected.put("tables", List.of(Map.of("table", "orders", "status", "published",
                "dayPrefix", "s3://" + BUCKET + "/" + day, "manifestKey", day + "_manifest.json", "rows", 7,
                "files", 1)));
        assertEquals(JSON.valueToTree(expected), event.get("detail"));
        assertEquals(7, DayObjects.json(BUCKET, day + "_manifest.json").at("/rows/written").asInt(),
                "the event names the manifest that was published");
    }

    @Test
    void aFailedRunSendsItsExitCodeAndTheFirstLineOfItsError() throws Exception {
        String source = MotoAws.uniqueName("test.snapshot-sync");
        String queue = subscribe(source);

        String prefix = MotoAws.uniqueName("events-failed");
        Cli.Result result = Cli.run("export", "--config",
                config(prefix, source, "default", "gone { table = no_such_table }").toString(), "--date", DATE);

        assertTrue(result.exitCode() != 0, result.toString());
        List<JsonNode> events = received(queue);
        assertEquals(1, events.size(), events.toString());
        JsonNode detail = events.get(0).get("detail");
        assertEquals("Snapshot Sync Run Failed", events.get(0).get("detail-type").asText());
        assertEquals("failed", detail.get("status").asText());
        assertEquals(result.exitCode(), detail.get("exitCode").asInt());
        String error = detail.get("error").asText();
        assertTrue(!error.isEmpty() && !error.contains("\n") && result.err().contains(error), detail + "\n" + result);
        assertTrue(error.contains("no_such_table"), error);
        assertEquals(List.of(prefix + "/_runs/" + detail.get("runId").asText() + ".json"),
                DayObjects.keys(BUCKET, prefix + "/_runs/"), "the event names the run its report is of");
        assertEquals(List.of(), JSON.convertValue(detail.get("tables"), List.class), "no table got as far as its day");
        // The error may name the source's host and database, as every manifest does; never a login.
        assertTrue(!detail.toString().contains(db.readerPassword()) && !detail.toString().contains(db.reader()),
                "no credentials: " + detail);
    }

    @Test
    void anUndeliverableSuccessEventExitsFourWithTheDaysPublished() {
        Cli.Result result = Cli.run("export", "--config",
                config("events-lost", "test.snapshot-sync", "no-such-bus", "orders {}").toString(), "--date", DATE);

        assertEquals(4, result.exitCode(), result.toString());
        String runId = runId(result);
        assertTrue(result.err().contains("events: sending 'Snapshot Sync Run Succeeded' of run " + runId
                + " to event bus 'no-such-bus' failed: no such event bus. Check target.events.event-bus and region. "
                + "The days of run " + runId + " are published; run the export of this date again to send the event."),
                result.err());
        String day = "events-lost/orders/snapshot_date=" + DATE + "/";
        assertTrue(DayObjects.keys(BUCKET, day).contains(day + "_SUCCESS"), "published");
    }
}
