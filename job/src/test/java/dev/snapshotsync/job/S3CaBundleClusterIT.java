package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.SparkInstall;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target.s3.ca-bundle} on executors in JVMs of their own, as on Glue and EMR: Spark's
 * {@code local-cluster} master, the deployable jar shipped with {@code spark.jars}, and no trust
 * store holding the test CA in any JVM. The executors write the staged files through S3A, so an
 * export that publishes shows that the bundle reached them in the Hadoop configuration. (About
 * 3 minutes here: two executor JVMs.)
 */
class S3CaBundleClusterIT {
    private static final Path JAR = Path.of(System.getProperty("snapshotsync.jar"));
    private static final String BUCKET = "test-bucket-2";

    @TempDir
    Path dir;

    @Test
    void executorsInTheirOwnJvmsTrustTheS3EndpointThroughTheBundle() throws Exception {
        TestDatabase db = TestDatabase.create("ca_bundle_cluster");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g");
        String prefix = "ca-bundle-cluster-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { items { partition { column = id, count = 2 } } }",
                "snapshot-sync.target.s3.ca-bundle = \"" + TestEnv.caPem() + "\"");
        String platform = Files.readString(Path.of(System.getProperty("snapshotsync.platform.classpath"))).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g"));
        command.addAll(Arrays.asList(System.getProperty("snapshotsync.spark.jvm.args").trim().split("\\s+")));
        // S3A loads the client factory through the class loader of the Hadoop configuration, which on
        // an executor does not see the jars Spark adds at run time (spark.jars alone fails with
        // ClassNotFoundException): the jar goes on the executors' class path as well.
        command.addAll(List.of("-Dspark.master=local-cluster[2,1,1024]", "-Dspark.jars=" + JAR,
                "-Dspark.executor.extraClassPath=" + JAR, "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.sql.shuffle.partitions=2", "-cp", JAR + ":" + platform, "dev.snapshotsync.job.Main",
                "export", "--config", config.toString(), "--date", "2026-06-02"));
        // The worker builds each executor's command line from SPARK_HOME/jars and the Scala version.
        SparkInstall spark = SparkInstall.create(dir.resolve("spark-home"), Path.of(System.getProperty(
                "snapshotsync.platform.classpath")), System.getProperty("snapshotsync.scala.binary.version"), Map.of());
        JvmRun run = JvmRun.start(dir, command, Map.of("SPARK_HOME", spark.home().toString(),
                "SPARK_SCALA_VERSION", spark.scalaVersion()), null).await(8);

        assertEquals(0, run.exitCode(), run.toString());
        String day = prefix + "/items/snapshot_date=2026-06-02/";
        assertTrue(DayObjects.keys(BUCKET, day).contains(day + "_SUCCESS"), run.toString());
        assertEquals(500, DayObjects.json(BUCKET, day + "_manifest.json").get("rows").get("written").asLong());
        assertTrue(run.err().contains("CoarseGrainedExecutorBackend") || run.err().contains("Executor added")
                || run.err().contains("Granted executor"), "no executor JVM was started:\n" + run);
    }
}
