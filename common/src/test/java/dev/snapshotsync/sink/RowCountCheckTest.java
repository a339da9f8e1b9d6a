package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import org.junit.jupiter.api.Test;

class RowCountCheckTest {
    @Test
    void equalCountsPass() {
        assertDoesNotThrow(() -> RowCountCheck.check("orders", 42, 42));
    }

    @Test
    void mismatchIsAVerificationFailureNamingBothCounts() {
        SnapshotSyncException e = assertThrows(SnapshotSyncException.class, () -> RowCountCheck.check("orders", 42, 41));

        assertEquals(ErrorKind.VERIFICATION, e.kind());
        assertEquals("verification: rows written '41' differ from rows read '42' for 'snapshot-sync.tables.orders'. "
                + "Allowed: equal counts. The day was not published; run the export again, and report it if it "
                + "repeats (the written files do not hold what was read).", e.getMessage());
    }
}
