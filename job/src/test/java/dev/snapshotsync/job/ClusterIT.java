package dev.snapshotsync.job;

import static dev.snapshotsync.job.PlatformIT.then;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayContent;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.ExecutorProcesses;
import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.SparkInstall;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar on a real Spark cluster: executors in JVMs of their own (Spark's
 * {@code local-cluster} master, built from the class path of this line's EMR release), the jar
 * shipped with {@code --jars} as Glue and EMR ship it, the driver started by SparkSubmit in a
 * child JVM (this JVM's Spark could not host a second SparkContext). One child per scenario runs
 * several commands ({@link PlatformCommands}), restarting Spark between them where a scenario needs
 * another master or setting.
 */
class ClusterIT {
    private static final Path JAR = Path.of(System.getProperty("snapshotsync.jar"));
    private static final String BUCKET = "test-bucket";
    private static final String DAY = "2026-05-01";
    private static final String CA_RESOURCE = "certs/cluster-test-ca.pem";
    private static final List<String> FORMATS = List.of("csv", "json", "parquet", "delta");
    private static final int ITEMS = 60;

    private static TestDatabase db;
    private static SparkInstall spark;
    private static Path launcher;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        db = TestDatabase.create("cluster");
        PlatformIT.accountsAndEvents(db);
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " + ITEMS + ") g",
                "CREATE TABLE knobs (delay float8)",
                "INSERT INTO knobs VALUES (0.1)",
                // A read as slow as the test needs: every row waits knobs.delay seconds.
                "CREATE FUNCTION slow(i int) RETURNS int LANGUAGE sql VOLATILE AS "
                        + "'SELECT i FROM pg_sleep((SELECT delay FROM knobs))'",
                "CREATE VIEW slow_items AS SELECT slow(id) AS id, label FROM items");
        spark = SparkInstall.forThisLine("cluster-it",
                SparkInstall.defaults("local-cluster[2,1,1024]", List.of(BUCKET)));
        launcher = launcherJar(shared.resolve("launcher.jar"));
    }

    @Test
    void exportsEveryFormatOnTheExecutorsAsLocalModeDoesWithTheCasFromS3TheClasspathAndTheS3Bundle() throws Exception {
        String prefix = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String s3Ca = "s3://" + BUCKET + "/" + prefix + "/certs/ca.pem";
        S3Http.put(BUCKET, prefix + "/certs/ca.pem", Files.readAllBytes(Path.of(TestEnv.get("pg.ca"))));
        // The executors trust the S3 endpoint through target.s3.ca-bundle alone (no trust store in
        // their JVMs), as on Glue and EMR with a private CA.
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { accounts { partition.count = 2 } }",
                "snapshot-sync.target.s3.ca-bundle = \"" + TestEnv.caPem() + "\"");
        List<String> commands = new ArrayList<>();
        for (String mode : List.of("cluster", "local")) {
            if (mode.equals("local")) {
                then(commands, PlatformCommands.RESTART_SPARK, "spark.master=local[2]");
            }
            for (String format : FORMATS) {
                // The executors verify the server (verify-full) with the bundle the driver read: from S3
                // for the text formats, from the class path (the launcher jar) for the others.
                String ca = mode.equals("local") ? TestEnv.get("pg.ca")
                        : format.equals("csv") || format.equals("json") ? s3Ca : "classpath:" + CA_RESOURCE;
                then(commands, "export", "--config", config.toString(), "--date", DAY, "--set", "target.format=" + format,
                        "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/" + mode + "/" + format,
                        "--set", "source.ssl.root-cert=" + ca);
            }
        }

        // S3A loads the client factory that applies the bundle through the class loader of the Hadoop
        // configuration, which sees none of the jars Spark adds at run time (with --jars alone the
        // driver and the executors fail with ClassNotFoundException): the jar goes on their class
        // paths as well.
        List<String> options = List.of("--driver-class-path", JAR.toString(),
                "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1",
                "--conf", "spark.executor.extraClassPath=" + JAR);
        JvmRun run = timed("export of every format, cluster and local", () -> submit(options, commands).await(20));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(9, run.out().lines().filter(l -> l.startsWith("== exit 0: ")).count(), run.toString());
        assertEquals(List.of("== copy reads registered: 0"), run.out().lines()
                .filter(l -> l.startsWith("== copy reads")).distinct().toList(), "the driver keeps no read after a run");
        assertFalse(run.err().contains("Failed to launch executor"), "the shutdown noise is filtered");
        assertTrue(spark.executorLogs().values().stream().anyMatch(log -> log.contains("Running task")),
                "tasks ran in executor JVMs: " + spark.executorLogs().keySet());
        for (String format : FORMATS) {
            String cluster = day(prefix + "/cluster/" + format);
            DayObjects.assertAllEncrypted(BUCKET, cluster);
            List<String> files = DayContent.of(BUCKET, cluster, dir);
            assertEquals(2, files.size(), "one file per partition: " + cluster + ": " + files);
            assertEquals(DayContent.of(BUCKET, day(prefix + "/local/" + format), dir), files, cluster);
        }
    }

    @Test
    void anExecutorKilledMidReadFailsTheRunWithOneTaskAttemptAndIsRetriedInTheExportedSnapshotWithFour()
            throws Exception {
        String prefix = "cluster-kill-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { slow_items {} }");
        List<String> commands = new ArrayList<>();
        then(commands, "export", "--config", config.toString(), "--date", DAY,
                "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/one-attempt");
        then(commands, PlatformCommands.RESTART_SPARK, "spark.task.maxFailures=");
        then(commands, "export", "--config", config.toString(), "--date", DAY,
                "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/default-attempts");

        JvmRun run = timed("two exports, an executor killed in each", () -> {
            JvmRun.Running child = submit(List.of("--conf", "spark.task.maxFailures=1"), commands);
            // Each run's snapshot stays what it was: the rows change while the read runs, and the
            // retried task must still see them as they were when the run exported its snapshot.
            int first = killTheExecutorReading(child, -1, "v1");
            killTheExecutorReading(child, first, "v2");
            return child.await(20);
        });

        assertEquals(0, run.exitCode(), run.toString());
        List<String> exits = run.out().lines().filter(l -> l.startsWith("== exit ")).toList();
        assertEquals(3, exits.size(), run.toString());
        // The run fails with the source's exit code (the read must start again) and publishes nothing.
        assertTrue(exits.get(0).startsWith("== exit 3: export"), "spark.task.maxFailures=1: " + run);
        assertTrue(run.err().contains("an executor running the read was lost"), run.toString());
        assertTrue(run.err().contains("failed 1 times, most recent failure: Lost task 0.0 in stage 0.0"), run.toString());
        assertTrue(exits.get(2).startsWith("== exit 0: export"), "spark.task.maxFailures=4: " + run);
        assertEquals(2, run.err().lines().filter(l -> l.contains("WARN TaskSetManager: Lost task")
                && l.contains("ExecutorLostFailure")).count(), "one task lost with each killed executor: " + run);
        DayObjects.assertNothingPublished(BUCKET, prefix + "/one-attempt/");

        String day = prefix + "/default-attempts/slow_items/snapshot_date=" + DAY + "/";
        DayObjects.assertExactDay(BUCKET, day);
        List<List<String>> rows = new ArrayList<>(CsvDay.read(BUCKET, day).rows());
        rows.sort((a, b) -> Integer.compare(Integer.parseInt(a.get(0)), Integer.parseInt(b.get(0))));
        // The first run's change (v1) is in the second run's snapshot, the change made during it (v2) is not.
        assertEquals(IntStream.rangeClosed(1, ITEMS + 10).mapToObj(i -> List.of(Integer.toString(i), "item " + i + " v1"))
                .toList(), rows, "every row exactly once, as of the snapshot");
        assertEquals(List.of("== copy reads registered: 0"), run.out().lines()
                .filter(l -> l.startsWith("== copy reads")).distinct().toList(), "the driver keeps no read after a run");
    }

    /**
     * Waits until an executor has been reading the slow view for a while (a COPY backend other
     * than {@code after}), changes the rows under it ({@code version}), and SIGKILLs that
     * executor's JVM. Returns the backend's pid.
     */
    private static int killTheExecutorReading(JvmRun.Running child, int after, String version) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(8);
        while (System.nanoTime() < deadline) {
            assertTrue(child.process().isAlive(), "the driver ended:\n" + child.out());
            try (Connection c = db.admin(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pid, client_port FROM pg_stat_activity WHERE state = 'active' "
                         + "AND datname = current_database() AND query LIKE 'COPY %slow_items%' AND pid <> " + after
                         + " AND now() - query_start > interval '1.5 s'")) {
                if (rs.next()) {
                    int pid = rs.getInt(1);
                    int port = rs.getInt(2);
                    change(st, version);
                    ProcessHandle executor = ExecutorProcesses.owningLocalPort(ExecutorProcesses.of(child.process()), port)
                            .orElseThrow(() -> new AssertionError("no executor holds port " + port));
                    assertTrue(executor.destroyForcibly(), "SIGKILL " + executor.pid());
                    return pid;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no executor read the slow view:\n" + child.out());
    }

    private static void change(Statement st, String version) throws SQLException {
        st.execute("UPDATE items SET label = label || ' " + version + "'");
        st.execute("INSERT INTO items SELECT g, 'item ' || g || ' " + version + "' FROM generate_series("
                + "(SELECT max(id) + 1 FROM items), (SELECT max(id) + 10 FROM items)) g");
    }

    private JvmRun.Running submit(List<String> options, List<String> commands) throws IOException {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--jars", JAR.toString(), "--class", PlatformCommands.class.getName(), launcher.toString()));
        args.addAll(commands);
        return spark.submit(dir, dir, args);
    }

    private static String day(String root) {
        // A Delta day is a partition of one table; its files are named part-... under snapshot_date=D/ too.
        return root + "/accounts/snapshot_date=" + DAY + "/";
    }

    /** The primary resource: the launcher class and a CA bundle to name as {@code classpath:}. */
    private static Path launcherJar(Path jar) throws IOException {
        String name = PlatformCommands.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             var in = PlatformCommands.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.putNextEntry(new JarEntry(CA_RESOURCE));
            out.write(Files.readAllBytes(Path.of(TestEnv.get("pg.ca"))));
        }
        return jar;
    }

    interface Scenario {
        JvmRun run() throws Exception;
    }

    /** Runs a scenario and prints its wall time, for the suite's time budget. */
    private static JvmRun timed(String what, Scenario scenario) throws Exception {
        long start = System.nanoTime();
        JvmRun run = scenario.run();
        System.out.printf("ClusterIT %s (%s): %d s%n", what, TestEnv.sparkProfile(),
                java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        return run;
    }
}
