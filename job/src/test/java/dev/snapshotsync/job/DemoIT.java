package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export of {@code make demo}, run the way the demo runs it: {@code scripts/demo-export} (the
 * demo's seed, environment and {@code bin/snapshot-sync export --config conf/local.conf}) with the
 * deployable jar this build packaged, the shipped log configuration and no SPARK_LOCAL_IP, against
 * the test servers instead of the demo's own. Its terminal holds no WARN line: the warnings that
 * are not the user's business are silenced, and the demo has nothing else to warn about. The local
 * S3 server's certificate is trusted through target.s3.ca-bundle alone.
 */
class DemoIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DATE = "2026-07-01";
    private static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");

    @TempDir
    Path dir;

    @Test
    void theDemosExportPublishesEveryTableAndItsTerminalHasNoWarning() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("scripts/demo-export").toString(),
                TestEnv.get("test.env.dir"), DATE).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("SPARK_LOCAL_IP");
        builder.environment().put("SNAPSHOT_SYNC_PROFILE", TestEnv.sparkProfile());

        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the demo's export did not finish in 5 minutes");
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        String shown = "exit " + process.exitValue() + "\n--- out ---\n" + stdout + "\n--- err ---\n" + stderr;

        assertFalse(stderr.contains("snapshot-sync: building the"), "bin/snapshot-sync rebuilt the jar instead of "
                + "running the one this build packaged:\n" + shown);
        assertEquals(0, process.exitValue(), shown);
        assertEquals(List.of(), stderr.lines().filter(l -> l.contains(" WARN ")).toList(), "warnings:\n" + shown);
        assertEquals(List.of(), stderr.lines().filter(l -> l.contains(" ERROR ")).toList(), shown);
        assertTrue(stdout.contains("snapshot-sync run ") && stdout.contains("4 tables exported for " + DATE), shown);
        for (String table : TABLES) {
            String day = "snapshots/" + table + "/snapshot_date=" + DATE + "/";
            assertTrue(DayObjects.keys("demo-bucket", day).contains(day + "_SUCCESS"), day + "\n" + shown);
        }
    }
}
