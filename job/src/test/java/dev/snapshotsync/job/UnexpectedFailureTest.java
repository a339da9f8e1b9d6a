package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.ChildCli;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure the job does not classify, through the CLI as a user runs it (shipped log
 * configuration, a JVM of its own): exit 1 and the stack trace on the terminal, since nobody can
 * say what to fix without it. The classified exits 2 to 5 print none (TerminalOutputTest). The
 * failure here is real and reachable by any user: Spark cannot start because the master URL is
 * mistyped ({@code SPARK_MASTER=lcoal[2]} with bin/snapshot-sync, {@code --master} with
 * spark-submit).
 */
class UnexpectedFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnclassifiedFailureIsExitOneWithItsStackTraceOnTheTerminal() throws Exception {
        Path config = TestConfig.write(dir, "job.conf", """
                snapshot-sync.source {
                  host = "%s", port = %d, database = "%s", user = reader, password = secret, ssl.root-cert = "%s"
                }
                snapshot-sync.tables { items {} }
                """.formatted(TestEnv.get("pg.host"), TestEnv.pgPort(), TestEnv.get("pg.database"),
                TestEnv.caPem()), TestConfig.target("test-bucket", "unexpected"));

        Cli.Result run = ChildCli.runAsUser(dir, List.of("-Dspark.master=lcoal[2]"), "export", "--config",
                config.toString(), "--date", "2026-06-01");

        assertEquals(1, run.exitCode(), run.toString());
        int block = run.err().indexOf("snapshot-sync: unexpected failure: org.apache.spark.SparkException: Could not "
                + "parse Master URL: 'lcoal[2]'\n  to do: this is a bug: please report it with the stack trace below\n"
                + "  exit code 1 (internal); stack trace:\norg.apache.spark.SparkException: Could not parse Master URL");
        assertTrue(block >= 0, run.toString());
        assertTrue(run.err().substring(block).contains("\n\tat org.apache.spark.SparkContext"), run.toString());
        assertTrue(run.err().substring(block).contains("\n\tat dev.snapshotsync.job."), run.toString());
    }
}
