package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar of this profile, as {@code make package} ships it: only our code and the
 * bundled libraries inside, {@code --help} without Spark, and an export in a JVM of its own with
 * the platform's jars beside it (as spark-submit on EMR, or Glue's --extra-jars, run it).
 */
class DeployableJarIT {
    private static final Path JAR = Path.of(System.getProperty("snapshotsync.jar"));
    /**
     * Left to the platforms: Spark, Hadoop, the Scala library, both AWS SDKs, Delta, SLF4J; and no
     * unrelocated copy of what we bundle, which could clash with a platform's (Glue's pgjdbc).
     */
    private static final List<String> PROVIDED = List.of("org/apache/spark/", "org/apache/hadoop/", "scala/",
            "com/amazonaws/", "software/amazon/awssdk/", "io/delta/", "org/slf4j/", "org/apache/logging/log4j/",
            "org/postgresql/", "com/typesafe/", "picocli/");
    private static final String SHADED = "dev/snapshotsync/shaded/";
    private static final List<String> BUNDLED = List.of(SHADED + "org/postgresql/Driver.class",
            SHADED + "com/typesafe/config/ConfigFactory.class", SHADED + "picocli/CommandLine.class", "dev/snapshotsync/job/Main.class",
            "dev/snapshotsync/job/GlueEntry.class", "dev/snapshotsync/config/Settings.class", "reference.conf");

    @TempDir
    Path dir;

    @Test
    void holdsOurCodeAndBundledLibrariesButNothingThePlatformSupplies() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            List<String> provided = names.stream().filter(n -> PROVIDED.stream().anyMatch(n::startsWith)).toList();
            assertTrue(provided.isEmpty(), "platform classes inside " + JAR + ": " + provided.stream().limit(20).toList());
            for (String entry : BUNDLED) {
                assertTrue(names.contains(entry), entry + " missing from " + JAR);
            }
            assertEquals("dev.snapshotsync.job.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(names.contains("META-INF/services/java.sql.Driver"), "pgjdbc's driver registration is missing");
        }
    }

    @Test
    void helpAndVersionRunWithoutSparkAndAnExportSaysWhatIsMissing() throws Exception {
        JvmRun help = run(List.of("java", "-jar", JAR.toString(), "--help"));
        JvmRun exportHelp = run(List.of("java", "-jar", JAR.toString(), "export", "--help"));
        JvmRun version = run(List.of("java", "-jar", JAR.toString(), "--version"));
        JvmRun export = run(List.of("java", "-jar", JAR.toString(), "export", "--config", "job.conf"));

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("Usage: snapshot-sync [-hV] [COMMAND]"), help.toString());
        assertTrue(help.out().matches("(?s).*\\bexport\\s+Export one day's snapshot.*"), help.toString());
        assertEquals(0, exportHelp.exitCode(), exportHelp.toString());
        assertTrue(exportHelp.out().contains("--config=PATH|s3://..."), exportHelp.toString());
        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("snapshot-sync " + System.getProperty("snapshotsync.version") + "-" + TestEnv.sparkProfile(),
                version.out().strip());
        assertEquals(1, export.exitCode(), export.toString());
        assertTrue(export.err().startsWith("snapshot-sync: Spark is not on the class path ('org/"), export.toString());
        assertTrue(export.err().contains("Run the jar with spark-submit, on Glue or EMR, or use bin/snapshot-sync"),
                export.toString());
    }

    @Test
    void exportsWithConfigFromS3GivenSparkHadoopSettingsAndLogsThePlatformFirst() throws Exception {
        TestDatabase db = TestDatabase.create("deployable_jar");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 7) g");
        String prefix = "jar-" + UUID.randomUUID().toString().substring(0, 8);
        String configKey = "configs/" + prefix + "/job.conf";
        S3Http.put("test-bucket-3", configKey, (TestConfig.base(db, "test-bucket", prefix)
                + "\nsnapshot-sync.tables { items {} }\n").getBytes(StandardCharsets.UTF_8));
        JvmRun export = run(onPlatform(List.of(), "export", "--config", "s3://test-bucket-3/" + configKey,
                "--date", "2026-04-01"));

        assertEquals(0, export.exitCode(), export.toString());
        String dayPrefix = prefix + "/items/snapshot_date=2026-04-01/";
        assertTrue(export.out().contains("test-bucket/" + dayPrefix.substring(0, dayPrefix.length() - 1)), export.toString());
        assertTrue(S3Http.list("test-bucket", dayPrefix).contains(dayPrefix + "_SUCCESS"), export.toString());
        String platformLine = export.err().lines().filter(l -> l.contains("snapshot-sync " + System.getProperty(
                "snapshotsync.version") + "-" + TestEnv.sparkProfile() + " on Spark ")).findFirst().orElse("");
        assertTrue(platformLine.contains(", Scala ") && platformLine.contains(", Java ")
                && platformLine.contains(", Hadoop ") && platformLine.contains(", Delta ")
                && platformLine.endsWith(", s3:// served by " + PlatformReport.S3_BY_S3A), export.err());
        assertFalse(export.err().contains(db.readerPassword()), "password leaked");
    }

    /**
     * Issue 14: what the user typed is checked before Spark starts. The class-loading log of the
     * child JVM proves it: no SparkContext class was even loaded, so none was made. Both a local
     * file and one in S3 (read through the spark.hadoop.* settings, with no session yet).
     */
    @Test
    void configurationTyposExitTwoWithEveryProblemBeforeSparkStarts() throws Exception {
        String text = """
                snapshot-sync {
                  source { host = "127.0.0.1", port = %d, database = never_reached, user = nobody, password = unused,
                           ssl.root-cert = "%s" }
                  target.fromat = parquet
                  tables { items {} }
                }
                """.formatted(TestEnv.pgPort(), TestEnv.get("pg.ca")) + TestConfig.target("test-bucket", "never-written");
        String s3Key = "configs/typo-" + UUID.randomUUID().toString().substring(0, 8) + "/job.conf";
        S3Http.put("test-bucket-3", s3Key, text.getBytes(StandardCharsets.UTF_8));
        Path local = Files.writeString(dir.resolve("job.conf"), text);

        for (String config : List.of(local.toString(), "s3://test-bucket-3/" + s3Key)) {
            Path classLog = Files.createTempFile(dir, "classes", ".log");
            long started = System.nanoTime();
            JvmRun export = run(onPlatform(List.of("-Xlog:class+load=info:file=" + classLog),
                    "export", "--config", config, "--date", "2026-02-30"));
            long millis = (System.nanoTime() - started) / 1_000_000;

            String context = config + " (" + millis + " ms)\n" + export;
            assertEquals(2, export.exitCode(), context);
            assertTrue(export.err().contains("target.fromat"), context);
            assertTrue(export.err().contains("'2026-02-30' for '--date'"), context);
            List<String> sparkCore = Files.readAllLines(classLog).stream()
                    .filter(line -> line.contains(" org.apache.spark.SparkContext ")).toList();
            assertEquals(List.of(), sparkCore, context);
            assertFalse(export.err().contains("Running Spark version"), context);
        }
    }

    /** A JVM with the platform's jars beside the deployable jar, as spark-submit on EMR runs it. */
    private static List<String> onPlatform(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(Arrays.asList(System.getProperty("snapshotsync.spark.jvm.args").trim().split("\\s+")));
        command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=2",
                "-Djavax.net.ssl.trustStore=" + TestEnv.get("s3.truststore"),
                "-Djavax.net.ssl.trustStorePassword=" + TestEnv.get("s3.truststore.password"),
                "-Djavax.net.ssl.trustStoreType=" + TestEnv.get("s3.truststore.type")));
        // How a user reaches a config bucket that is not on AWS: spark.hadoop.* properties
        // (spark-submit --conf, a Glue --conf job parameter, or -D with bin/snapshot-sync).
        TestEnv.s3aBucketSettings("test-bucket-3").forEach((k, v) -> command.add("-Dspark.hadoop." + k + "=" + v));
        command.addAll(List.of("-cp", JAR + ":" + Files.readString(Path.of(System.getProperty(
                "snapshotsync.platform.classpath"))).strip(), "dev.snapshotsync.job.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private JvmRun run(List<String> command) throws IOException, InterruptedException {
        return JvmRun.run(dir, command, 5);
    }
}
