package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import dev.snapshotsync.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployable jar on exactly the class path each platform of this Spark line provides (resolved
 * by Maven from the versions in AWS's release notes: platforms/&lt;target&gt;/pom.xml), in a JVM
 * of its own with the platform's jars first, as Glue and spark-submit order them: an export in CSV,
 * Parquet and Delta with SSE-KMS verified, a second day, then {@code validate}, {@code preflight}
 * and {@code diff}. A jar compiled against another Hadoop or SDK fails here with NoSuchMethodError
 * or NoClassDefFoundError, as it would on the platform.
 */
class PlatformIT {
    private static final Path JAR = Path.of(System.getProperty("snapshotsync.jar"));
    private static final Path PLATFORMS = Path.of(System.getProperty("snapshotsync.platforms.dir"));
    private static final String BUCKET = "test-bucket";
    private static final String DAY1 = "2026-05-01";
    private static final String DAY2 = "2026-05-02";

    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() {
        db = TestDatabase.create("platform");
        accountsAndEvents(db);
    }

    /** Two small tables: 40 accounts (text with quotes and newlines, numeric, timestamptz, an array), 120 events. */
    static void accountsAndEvents(TestDatabase db) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, name text, balance numeric(12,2), "
                        + "opened timestamptz, tags text[])",
                "INSERT INTO accounts SELECT g, 'name, \"' || g || E'\"\\n', g * 1.25, "
                        + "timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour', ARRAY['a', 'b' || g] "
                        + "FROM generate_series(1, 40) g",
                "CREATE TABLE events (id bigint PRIMARY KEY, account_id int, kind text)",
                "INSERT INTO events SELECT g, g % 40 + 1, 'kind ' || (g % 3) FROM generate_series(1, 120) g");
    }

    static Stream<String> targets() {
        return Arrays.stream(System.getProperty("snapshotsync.platform.targets").split(",")).map(String::strip);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void exportsValidatesPreflightsAndDiffsOnThePlatformsClassPath(String target) throws Exception {
        String prefix = "platform-" + target + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix + "/csv"),
                "snapshot-sync.tables { accounts {}, events {} }");
        List<String> commands = new ArrayList<>();
        for (String format : List.of("csv", "parquet", "delta")) {
            then(commands, "export", "--config", config.toString(), "--date", DAY1,
                    "--set", "target.format=" + format, "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/" + format);
        }
        then(commands, "export", "--config", config.toString(), "--date", DAY2,
                "--set", "target.format=parquet", "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/parquet");
        then(commands, "validate", "--config", config.toString());
        then(commands, "preflight", "--config", config.toString());
        then(commands, "diff", "--config", config.toString(), "--table", "accounts", "--from", DAY1, "--to", DAY2,
                "--set", "target.format=parquet", "--set", "target.uri=s3a://" + BUCKET + "/" + prefix + "/parquet");

        JvmRun run = run(target, commands);

        assertFalse((run.out() + "\n" + run.err()).matches("(?s).*(NoSuchMethodError|NoClassDefFoundError|AbstractMethodError|"
                + "IncompatibleClassChangeError|is not on the class path).*"), run.toString());
        assertEquals(0, run.exitCode(), run.toString());
        for (String command : List.of("export", "validate", "preflight", "diff")) {
            assertTrue(run.out().lines().filter(l -> l.startsWith("== exit ") && l.contains(": " + command + " "))
                    .allMatch(l -> l.startsWith("== exit 0: ")), run.toString());
        }
        assertEquals(7, run.out().lines().filter(l -> l.startsWith("== exit 0: ")).count(), run.toString());
        for (String format : List.of("csv", "parquet")) {
            for (String table : List.of("accounts", "events")) {
                String day = prefix + "/" + format + "/" + table + "/snapshot_date=" + DAY1 + "/";
                assertTrue(DayObjects.keys(BUCKET, day).contains(day + "_SUCCESS"), day + ": " + run);
                DayObjects.assertAllEncrypted(BUCKET, day);
                assertEquals(table.equals("accounts") ? 40 : 120,
                        DayObjects.json(BUCKET, day + "_manifest.json").get("rows").get("written").asLong(), day);
            }
        }
        String delta = prefix + "/delta/accounts/";
        assertTrue(DayObjects.keys(BUCKET, delta).stream().anyMatch(k -> k.startsWith(delta + "_delta_log/")), delta);
        DayObjects.assertAllEncrypted(BUCKET, delta);
        assertTrue(run.out().contains("accounts"), run.toString());
    }

    /** Appends a command for {@link PlatformCommands}. */
    static void then(List<String> commands, String... command) {
        if (!commands.isEmpty()) {
            commands.add(PlatformCommands.THEN);
        }
        commands.addAll(List.of(command));
    }

    /** The platform's jars first, then the launcher and the deployable jar, in a fresh JVM. */
    private JvmRun run(String target, List<String> commands) throws IOException, InterruptedException {
        Path classpathFile = PLATFORMS.resolve(target).resolve("target/classpath.txt");
        assertTrue(Files.isRegularFile(classpathFile), classpathFile + " missing: build the platforms/ modules");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1"));
        command.addAll(Arrays.asList(System.getProperty("snapshotsync.spark.jvm.args").trim().split("\\s+")));
        command.addAll(TestSpark.smallSessionOptions());
        command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Djavax.net.ssl.trustStore=" + TestEnv.get("s3.truststore"),
                "-Djavax.net.ssl.trustStorePassword=" + TestEnv.get("s3.truststore.password"),
                "-Djavax.net.ssl.trustStoreType=" + TestEnv.get("s3.truststore.type"),
                "-cp", Files.readString(classpathFile).strip() + ":" + launcher() + ":" + JAR,
                PlatformCommands.class.getName()));
        command.addAll(commands);
        return JvmRun.run(dir, command, 8);
    }

    /** A folder holding only the launcher class, so nothing else of the test class path leaks in. */
    private Path launcher() throws IOException {
        String name = PlatformCommands.class.getName().replace('.', '/') + ".class";
        Path copy = dir.resolve("launcher").resolve(name);
        Files.createDirectories(copy.getParent());
        try (var in = PlatformCommands.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, copy);
        }
        return dir.resolve("launcher");
    }
}
