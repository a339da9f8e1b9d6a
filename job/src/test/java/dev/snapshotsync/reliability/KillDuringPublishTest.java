package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while a run re-publishes days (KillTest covers reading and writing): the moment the
 * child logs that its first table is published, it is killed, in the middle of publishing the
 * second. Every day is then still published and complete, the old one or the new one (the files
 * its manifest names are all there; a folder may also hold files the killed run copied in), and
 * the next run converges to days of exactly their manifest's files.
 */
class KillDuringPublishTest extends PublishKills {
    @Test
    @LineIndependent
    void killDuringPublishLeavesNoHalfDayAndTheNextRunConverges() throws Exception {
        Path config = publishThenChange("csv");
        killWhenLogged(config, "csv", "table alpha: published");
        rerunConverges(config, "csv");

        for (String table : TABLES) {
            assertEquals(40, DayObjects.assertExactDay(BUCKET, root("csv") + "/" + table + "/snapshot_date=" + DATE + "/")
                    .get("rows").get("written").asLong());
        }
    }
}
