package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.DayObjects;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SIGKILL around the Delta commits of a run that re-publishes days; see {@link PublishKills}. */
class KillDuringDeltaCommitsTest extends PublishKills {
    /**
     * Killed between the Delta commits (alpha's made, beta's not: beta is a table killed before
     * its commit, every table having been staged first, as the child's log shows) and after them
     * (before the manifests): each Delta table shows its old or its new day, each day folder a
     * complete manifest, and the rerun converges. Delta keeps the files a commit replaced, so its
     * folders hold more than the manifest names. (A kill before any commit, which this class also
     * made until the suite's time budget needed its minute back, leaves every table in beta's state
     * here.)
     */
    @Test
    void killBetweenAndAfterTheDeltaCommitsLeavesEveryDayCompleteAndTheNextRunConverges() throws Exception {
        Path config = publishThenChange("delta");
        Map<String, Set<String>> versions = deltaLogs();
        String between = killWhenLogged(config, "delta", "table alpha: committed the day to the Delta table");
        int staged = between.indexOf("staged 2 table(s)");
        assertTrue(staged >= 0 && staged < between.indexOf("table alpha: committed"), between);
        assertFalse(between.contains("table beta: committed"), between);
        assertEquals(versions.get("beta"), deltaLogs().get("beta"), "killed before beta's commit: no new version");
        assertNotEquals(versions.get("alpha"), deltaLogs().get("alpha"), "alpha's commit was made");
        killWhenLogged(config, "delta", "table beta: committed the day to the Delta table");
        rerunConverges(config, "delta");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertCompleteDay(BUCKET, root("delta") + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }
}
