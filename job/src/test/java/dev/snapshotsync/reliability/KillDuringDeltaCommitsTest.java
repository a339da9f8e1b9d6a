package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
