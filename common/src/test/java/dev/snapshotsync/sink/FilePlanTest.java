package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.config.FileSizing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePlanTest {
    private static final FileSizing SIZING = new FileSizing(128L << 20, 0, 8L << 20);

    @Test
    void smallTableIsOneFile() {
        assertEquals(new FilePlan(1, 0), FilePlan.of(SIZING, 8192));
        assertEquals(new FilePlan(1, 0), FilePlan.of(SIZING, 0));
    }

    @Test
    void filesFollowTheEstimatedSize() {
        assertEquals(new FilePlan(3, 0), FilePlan.of(SIZING, (256L << 20) + 1));
    }

    @Test
    void unknownSizeKeepsTheReadPartitions() {
        assertEquals(new FilePlan(0, 0), FilePlan.of(SIZING, -1));
    }

    @Test
    void rowCapGoesToSpark() {
        assertEquals(Map.of("maxRecordsPerFile", "500"),
                FilePlan.of(new FileSizing(1L << 20, 500, 8L << 20), 10).writerOptions());
    }
}
