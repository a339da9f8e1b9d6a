package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.testing.DayObjects;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SIGKILL around the Delta commits of a run that re-publishes days; see {@link PublishKills}. */
class KillDuringDeltaCommitsTest extends PublishKills {
    /**
     * Killed before the Delta commits (every table staged, none committed: no Delta table has a new
     * version), between them (alpha's made, beta's not) and after them (before the manifests): each
     * Delta table shows its old or its new day, each day folder a complete manifest, and the rerun
     * converges. Delta keeps the files a commit replaced, so its folders hold more than the manifest
     * names.
     */
    @Test
    void killBeforeBetweenAndAfterTheDeltaCommitsLeavesEveryDayCompleteAndTheNextRunConverges() throws Exception {
        Path config = publishThenChange("delta");
        Map<String, Set<String>> versions = deltaLogs();
        killWhenLogged(config, "delta", "staged 2 table(s)");
        assertEquals(versions, deltaLogs(), "killed before the commits: no new version");
        killWhenLogged(config, "delta", "table alpha: committed the day to the Delta table");
        killWhenLogged(config, "delta", "table beta: committed the day to the Delta table");
        rerunConverges(config, "delta");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertCompleteDay(BUCKET, root("delta") + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }
}
