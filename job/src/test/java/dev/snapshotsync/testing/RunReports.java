package dev.snapshotsync.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** The run summaries a run writes to {@code <root>/_runs/<run-id>.json}, and what they show. */
public final class RunReports {
    private RunReports() {}

    /** The latest run's summary under {@code root} (run ids start with the run's start time). */
    public static JsonNode latest(String bucket, String root) {
        List<String> reports = S3Http.list(bucket, root + "/_runs/").stream().sorted().toList();
        assertFalse(reports.isEmpty(), "no run summary under " + root);
        return DayObjects.json(bucket, reports.get(reports.size() - 1));
    }

    /**
     * The most tables whose staging intervals ({@code stagingStartedAt} to {@code stagedAt}) overlap
     * at one instant; tables that never started staging are left out.
     */
    public static int mostStagedAtOnce(JsonNode report) {
        TreeMap<Instant, Integer> changes = new TreeMap<>();
        for (JsonNode table : report.get("tables")) {
            if (table.get("stagingStartedAt").isNull() || table.get("stagedAt").isNull()) {
                continue;
            }
            Instant start = Instant.parse(table.get("stagingStartedAt").asText());
            Instant end = Instant.parse(table.get("stagedAt").asText());
            assertTrue(start.isBefore(end), table.toString());
            changes.merge(start, 1, Integer::sum);
            // An end at the instant another starts is no overlap: the end counts first.
            changes.merge(end.minusNanos(1), -1, Integer::sum);
        }
        int now = 0;
        int most = 0;
        for (int change : changes.values()) {
            now += change;
            most = Math.max(most, now);
        }
        return most;
    }

    /** Fails unless the latest run under {@code root} staged at least two tables at once. */
    public static void assertTablesStagedTogether(String bucket, String root) {
        JsonNode report = latest(bucket, root);
        assertTrue(mostStagedAtOnce(report) >= 2, "no two tables were staged at once: " + report.get("tables"));
    }
}
