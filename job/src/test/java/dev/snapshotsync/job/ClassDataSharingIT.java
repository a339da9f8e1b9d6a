package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/snapshot-sync's class data sharing archive (issue 14): built by a training run, used by the
 * runs after it, and neither used nor warned about once the jar is newer or the JVM refuses it.
 * The script runs in a copy of the tree holding this build's jar and class path, so that the test
 * can touch the jar without making the build's own jar look rebuilt to the tests after it; the
 * copy's sources are older than the jar, so the script never starts Maven. The script and the
 * training class are the same for both Spark lines, so the spark41 build runs it (its training run
 * is most of its time).
 */
@LineIndependent
class ClassDataSharingIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String PROFILE = TestEnv.sparkProfile();
    private static final String SHARED = "source: shared objects file (top)";
    private static final FileTime BEFORE_THE_BUILD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    static Path tree;

    private static Path out;
    private static Path jar;
    private static Path archive;
    private static Path config;

    @BeforeAll
    static void buildTheArchive() throws Exception {
        Path built = Path.of(System.getProperty("snapshotsync.jar"));
        out = Files.createDirectories(tree.resolve("job/target").resolve(PROFILE));
        jar = copy(built, out);
        for (String file : List.of("launcher-classpath.txt", "launcher-jvm-args.txt")) {
            copy(built.resolveSibling(file), out);
        }
        copy(ROOT.resolve("bin/snapshot-sync"), Files.createDirectories(tree.resolve("bin")));
        copy(ROOT.resolve("conf/log4j2.properties"), Files.createDirectories(tree.resolve("conf")));
        for (Path source : List.of(Files.createFile(tree.resolve("pom.xml")), Files.createDirectory(tree.resolve("common")))) {
            Files.setLastModifiedTime(source, BEFORE_THE_BUILD);
        }
        archive = out.resolve("snapshot-sync-" + PROFILE + ".jsa");
        config = tree.resolve("offline.conf");
        Files.writeString(config, """
                snapshot-sync {
                  source { host = "127.0.0.1", database = d, user = u, password = p, ssl { mode = require, allow-insecure = true } }
                  target { uri = "file:///tmp/snapshot-sync-cds-test", encryption.mode = none }
                  tables { t {} }
                }
                """);

        long started = System.nanoTime();
        JvmRun build = run(Map.of("SNAPSHOT_SYNC_CDS", "build"), "--version");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.err().contains("building the class data sharing archive"), build.toString());
        assertFalse(build.err().contains("snapshot-sync: building the " + PROFILE + " jar"), build.toString());
        assertTrue(Files.size(archive) > 0, archive + " is empty");
        assertEquals(List.of(), leftovers(), "the training run's temporary directory is left behind");
        System.out.printf("class data sharing archive: %d MB, built in %d s%n", Files.size(archive) >> 20, seconds);
    }

    @Test
    void aRunLoadsItsClassesFromTheArchive() throws Exception {
        JvmRun run = run(Map.of("SNAPSHOT_SYNC_JAVA_OPTS", "-Xlog:class+load=info"), "validate", "--offline", "--config",
                config.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.err().contains("building the"), run.toString());
        for (String loaded : List.of("dev.snapshotsync.job.ValidateCommand", "org.apache.hadoop.conf.Configuration")) {
            assertTrue(run.out().contains("] " + loaded + " " + SHARED), loaded + " not from the archive:\n" + run);
        }
        assertEquals(List.of(), warnings(run), run.toString());
    }

    @Test
    void anArchiveOlderThanTheJarIsNotUsedNorRebuiltNorWarnedAbout() throws Exception {
        FileTime built = Files.getLastModifiedTime(archive);
        FileTime packaged = Files.getLastModifiedTime(jar);
        try {
            Files.setLastModifiedTime(jar, FileTime.from(built.toInstant().plusSeconds(60)));
            JvmRun run = run(Map.of("SNAPSHOT_SYNC_JAVA_OPTS", "-Xlog:class+load=info"), "--version");

            assertEquals(0, run.exitCode(), run.toString());
            assertFalse(run.out().contains(SHARED), "a stale archive was used:\n" + run);
            assertTrue(run.out().contains("] dev.snapshotsync.job.Main source: file:"), run.toString());
            assertEquals(List.of(), warnings(run), run.toString());
            assertEquals("", run.err(), "a run of a stale archive builds none and says nothing");
            assertEquals(built, Files.getLastModifiedTime(archive));
        } finally {
            Files.setLastModifiedTime(jar, packaged);
        }
    }

    /** The JVM checks the jar itself (its size and time): the script's check missed, the run goes on quietly. */
    @Test
    void anArchiveTheJvmRefusesIsSkippedWithoutAWarning() throws Exception {
        FileTime packaged = Files.getLastModifiedTime(jar);
        // Older than the archive, so the script passes it on, and another second than the jar's (the JVM's unit).
        Instant touched = Files.getLastModifiedTime(archive).toInstant().minusSeconds(1);
        if (touched.getEpochSecond() == packaged.toInstant().getEpochSecond()) {
            touched = touched.minusSeconds(1);
        }
        try {
            Files.setLastModifiedTime(jar, FileTime.from(touched));
            JvmRun run = run(Map.of("SNAPSHOT_SYNC_JAVA_OPTS", "-Xlog:class+load=info"), "--version");

            assertEquals(0, run.exitCode(), run.toString());
            assertFalse(run.out().contains(SHARED), "the JVM used an archive of another jar:\n" + run);
            assertEquals(List.of(), warnings(run), run.toString());
            assertEquals("", run.err(), run.toString());
        } finally {
            Files.setLastModifiedTime(jar, packaged);
        }
    }

    @Test
    void offTurnsItOff() throws Exception {
        JvmRun run = run(Map.of("SNAPSHOT_SYNC_CDS", "off", "SNAPSHOT_SYNC_JAVA_OPTS", "-Xlog:class+load=info"), "--version");

        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.out().contains(SHARED), run.toString());
    }

    @Test
    void anUnknownSettingIsAUsageError() throws Exception {
        JvmRun run = run(Map.of("SNAPSHOT_SYNC_CDS", "yes"), "--version");

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("bin/snapshot-sync: unknown value 'yes' for 'SNAPSHOT_SYNC_CDS'. Use on, off or build.\n", run.err());
    }

    /** bin/snapshot-sync of the copy, whatever SNAPSHOT_SYNC_CDS and SNAPSHOT_SYNC_JAVA_OPTS the suite runs with. */
    private static JvmRun run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tree.resolve("bin/snapshot-sync").toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(Map.of("SNAPSHOT_SYNC_PROFILE", PROFILE,
                "SNAPSHOT_SYNC_CDS", "on", "SNAPSHOT_SYNC_JAVA_OPTS", ""));
        environment.putAll(env);
        return JvmRun.start(tree, command, environment, null).await(5);
    }

    /** The JVM's own warnings (unified logging) and the job's, wherever they went. */
    private static List<String> warnings(JvmRun run) {
        return Stream.concat(run.out().lines(), run.err().lines())
                .filter(line -> line.contains("[warning]") || line.contains(" WARN ")).toList();
    }

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(file -> file.getFileName().toString().startsWith("cds.")).toList();
        }
    }

    private static Path copy(Path file, Path dir) throws IOException {
        return Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
}
