package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Lock objects are untrusted input: only a lease this tool could have written is accepted. */
class LockLeaseTest {
    private static final TargetLocation LOCATION = new TargetLocation("s3a://bucket/exports");
    private static final Path LOCK = new Path("s3a://bucket/exports/_locks/orders.snapshot_date=2026-04-01.json");
    private static final String RUN = "20260401T021500Z-1a2b3c4d";

    private static LockLease parse(String json) {
        return LockLease.parse(json.getBytes(StandardCharsets.UTF_8), LOCK, LOCATION);
    }

    private static String lease(String runId, String staging, String expiresAt) {
        return "{\"runId\":\"" + runId + "\",\"staging\":\"" + staging + "\",\"expiresAt\":\"" + expiresAt + "\"}";
    }

    private static void assertMalformed(String json, String problem) {
        SnapshotSyncException e = assertThrows(SnapshotSyncException.class, () -> parse(json));
        assertEquals(ErrorKind.TARGET, e.kind());
        assertTrue(e.getMessage().startsWith("target: malformed lock object '" + LOCK + "': " + problem + ". Allowed: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("This run deleted nothing. Delete the lock object (for example: aws s3 rm "
                + "s3://bucket/exports/_locks/orders.snapshot_date=2026-04-01.json) once no export of this table and "
                + "day is running, then run the export again."), e.getMessage());
    }

    @Test
    void aLeaseThisToolWritesIsAcceptedWhicheverS3SchemeNamesItsStaging() {
        LockLease lease = parse(lease(RUN, "s3://bucket/exports/_staging/" + RUN, "2026-04-01T02:20:00Z"));

        assertEquals(RUN, lease.runId());
        assertEquals(new Path("s3a://bucket/exports/_staging/" + RUN), LOCATION.staging(lease.runId()));
    }

    @Test
    void aStagingOutsideTheRunsFolderIsRefused() {
        assertMalformed(lease(RUN, "s3a://bucket/exports/other_table/snapshot_date=2026-04-01", "2026-04-01T02:20:00Z"),
                "not the run's folder under _staging/ 's3a://bucket/exports/other_table/snapshot_date=2026-04-01' "
                        + "for 'staging'");
        assertMalformed(lease(RUN, "s3a://other-bucket/exports/_staging/" + RUN, "2026-04-01T02:20:00Z"),
                "not the run's folder under _staging/ 's3a://other-bucket/exports/_staging/" + RUN + "' for 'staging'");
    }

    /** With target.control-uri elsewhere, a run's staging (and so what a takeover deletes) is under it, not under the data. */
    @Test
    void withAControlLocationTheRunsStagingIsUnderItAndNowhereElse() {
        TargetLocation apart = new TargetLocation("s3a://partner/exports", "s3a://job-bucket/control");
        Path lock = new Path("s3a://job-bucket/control/_locks/orders.snapshot_date=2026-04-01.json");

        assertEquals(lock, apart.lock("orders", java.time.LocalDate.parse("2026-04-01")));
        assertEquals(RUN, LockLease.parse(lease(RUN, "s3://job-bucket/control/_staging/" + RUN, "2026-04-01T02:20:00Z")
                .getBytes(StandardCharsets.UTF_8), lock, apart).runId());
        SnapshotSyncException e = assertThrows(SnapshotSyncException.class, () -> LockLease.parse(lease(RUN,
                "s3a://partner/exports/_staging/" + RUN, "2026-04-01T02:20:00Z").getBytes(StandardCharsets.UTF_8), lock,
                apart));
        assertTrue(e.getMessage().contains("not the run's folder under _staging/ 's3a://partner/exports/_staging/" + RUN
                + "' for 'staging'. Allowed: 's3a://job-bucket/control/_staging/" + RUN + "'"), e.getMessage());
        assertEquals(new Path("s3a://job-bucket/control/_runs/" + RUN + ".json"), apart.runReport(RUN));
        assertEquals(new Path("s3a://partner/exports/orders/snapshot_date=2026-04-01"),
                apart.day("orders", java.time.LocalDate.parse("2026-04-01")));
    }

    @Test
    void aRunIdOfAnotherFormIsRefused() {
        assertMalformed(lease("..", "s3a://bucket/exports/_staging/..", "2026-04-01T02:20:00Z"),
                "not a run id '..' for 'runId'");
    }

    @Test
    void anExpiryThatIsNotATimeIsRefused() {
        assertMalformed(lease(RUN, "s3a://bucket/exports/_staging/" + RUN, "soon"), "not a time 'soon' for 'expiresAt'");
    }

    @Test
    void contentThatIsNotALeaseIsRefused() {
        assertMalformed("[1, 2]", "content is not a JSON object '[1, 2]' for 'the object'");
        assertMalformed("{\"runId\": 7}", "missing or not a string '7' for 'runId'");
        assertMalformed("\u0000garbage\n", "content is not a JSON object '?garbage?' for 'the object'");
    }

    @Test
    void onlyARunIdNamesAStagingFolder() {
        assertThrows(IllegalArgumentException.class, () -> LOCATION.staging("../orders"));
    }
}
