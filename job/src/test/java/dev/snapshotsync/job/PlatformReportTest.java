package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.TestEnv;
import dev.snapshotsync.testing.TestSpark;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The first log line names the stack the job runs on; here it must be exactly the profile's. */
class PlatformReportTest {
    /**
     * spark, Scala line, hadoop, delta: the proven coordinates of each profile (DESIGN.md, section 6).
     * Only the Scala line is pinned: the test class path's scala-library is whichever patch release
     * Maven picks among Spark's and Delta's (Spark 3.5.6 and Delta 3.3.2 may name different 2.12 patches).
     */
    private static final Map<String, String[]> STACKS = Map.of(
            "spark41", new String[] {"4.1.1", "2.13.", "3.4.2", "4.2.0"},
            "spark35", new String[] {"3.5.6", "2.12.", "3.4.1", "3.3.2"});

    @Test
    void reportsTheVersionsOfTheRunningStack() {
        String[] stack = STACKS.get(TestEnv.sparkProfile());

        PlatformReport report = PlatformReport.of(TestSpark.session());

        assertEquals(stack[0], report.spark());
        assertTrue(report.scala().startsWith(stack[1]), report.scala());
        assertEquals(stack[2], report.hadoop());
        assertEquals(stack[3], report.delta());
        assertTrue(report.java().contains(Runtime.version().toString()), report.java());
        assertTrue(report.render().startsWith("Spark " + stack[0] + ", Scala " + report.scala() + ", Java "),
                report.render());
        assertTrue(report.render().contains(", Hadoop " + stack[2] + ", Delta " + stack[3] + ", s3:// served by "),
                report.render());
    }

    @Test
    void namesTheFilesystemBehindS3OrSaysS3aWillServeIt() {
        Configuration bare = new Configuration(false);
        Configuration configured = new Configuration(false);
        configured.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");

        assertEquals(PlatformReport.S3_BY_S3A, PlatformReport.s3FileSystem(bare));
        assertEquals("org.apache.hadoop.fs.s3a.S3AFileSystem", PlatformReport.s3FileSystem(configured));
    }
}
