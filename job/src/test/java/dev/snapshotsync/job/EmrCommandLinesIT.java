package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.JvmRun;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.SparkInstall;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EMR step and EMR Serverless command lines in {@code glue-scripts/emr/} run as written through
 * {@code org.apache.spark.deploy.SparkSubmit} against a local cluster built from this line's EMR
 * class path ({@link SparkInstall}), so a typo in a class name, an option or a path fails here.
 * What the test changes: {@code --deploy-mode cluster} becomes {@code client} (a local cluster
 * cannot host the driver), and the artifacts the command names in S3 are put there first: the
 * deployable jar under the name the command gives, the test CA as the bundle, a job.conf for the
 * test servers. The cluster's own settings (master, S3 endpoint, trust store) are in its
 * spark-defaults.conf, as an EMR cluster's are.
 */
class EmrCommandLinesIT {
    private static final Path EMR = Path.of(System.getProperty("snapshotsync.platforms.dir")).getParent()
            .resolve("glue-scripts/emr");
    private static final String VERSION = System.getProperty("snapshotsync.version");
    private static final String BUCKET = "test-bucket";
    private static final Pattern SIZE = Pattern.compile("spark\\.executor\\.(cores|memory)=(\\d+)g?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() {
        db = TestDatabase.create("emr");
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, name text)",
                "INSERT INTO accounts SELECT g, 'name ' || g FROM generate_series(1, 30) g");
    }

    /** A spark-submit command line from one of the files: its arguments after {@code spark-submit}. */
    record CommandLine(String file, List<String> args) {
        @Override
        public String toString() {
            return file;
        }

        String jar() {
            List<String> jars = args.stream().filter(a -> a.startsWith("s3://") && a.endsWith(".jar")).toList();
            assertEquals(1, jars.size(), file + " names one jar: " + args);
            return jars.get(0);
        }
    }

    static Stream<CommandLine> commandLines() throws IOException {
        List<CommandLine> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(EMR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                lines.addAll(parse(file));
            }
        }
        return lines.stream();
    }

    /** add-steps: the command-runner.jar steps' Args; start-job-run: jobDriver.sparkSubmit, as EMR Serverless assembles it. */
    private static List<CommandLine> parse(Path file) throws IOException {
        JsonNode json = JSON.readTree(file.toFile());
        String name = file.getFileName().toString();
        List<CommandLine> lines = new ArrayList<>();
        if (json.isArray()) {
            for (JsonNode step : json) {
                assertEquals("command-runner.jar", step.get("Jar").asText(), name);
                List<String> args = strings(step.get("Args"));
                assertEquals("spark-submit", args.get(0), name);
                lines.add(new CommandLine(name, args.subList(1, args.size())));
            }
        } else {
            JsonNode submit = json.get("jobDriver").get("sparkSubmit");
            List<String> args = new ArrayList<>(Arrays.asList(submit.get("sparkSubmitParameters").asText().trim().split("\\s+")));
            args.add(submit.get("entryPoint").asText());
            args.addAll(strings(submit.get("entryPointArguments")));
            lines.add(new CommandLine(name, args));
        }
        return lines;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asText()));
        return strings;
    }

    private static String jarName(String profile) {
        return "snapshot-sync-" + VERSION + "-" + profile + ".jar";
    }

    @Test
    void everyFileRunsTheJarOfOneSparkLine() throws IOException {
        List<CommandLine> lines = commandLines().toList();
        assertTrue(lines.size() >= 3, lines.toString());
        for (CommandLine line : lines) {
            String jar = line.jar().substring(line.jar().lastIndexOf('/') + 1);
            assertTrue(jar.equals(jarName("spark41")) || jar.equals(jarName("spark35")), line + ": " + jar);
        }
        assertTrue(lines.stream().anyMatch(l -> l.jar().endsWith("/" + jarName(TestEnv.sparkProfile()))),
                "a command line for " + TestEnv.sparkProfile());
    }

    /** The command lines that run this line's jar; the other line's profile runs the others. */
    static Stream<CommandLine> commandLinesOfThisLine() throws IOException {
        return commandLines().filter(line -> line.jar().endsWith("/" + jarName(TestEnv.sparkProfile())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLinesOfThisLine")
    void runsAsWrittenOnTheCluster(CommandLine line) throws Exception {
        String prefix = "emr-" + UUID.randomUUID().toString().substring(0, 8);
        Path workDir = Files.createDirectories(dir.resolve("driver"));
        List<String> buckets = new ArrayList<>(List.of(BUCKET));
        for (String uri : line.args().stream().filter(a -> a.startsWith("s3://")).toList()) {
            buckets.add(stage(uri, prefix, line));
        }
        List<String> args = new ArrayList<>(line.args());
        int mode = args.indexOf("--deploy-mode");
        if (mode >= 0 && args.get(mode + 1).equals("cluster")) {
            args.set(mode + 1, "client");
        }
        SparkInstall spark = SparkInstall.forThisLine("emr-" + line.file().replace(".json", ""),
                SparkInstall.defaults(master(args), buckets.stream().distinct().toList()));

        long start = System.nanoTime();
        JvmRun run = spark.submit(dir, workDir, args).await(15);
        System.out.printf("EmrCommandLinesIT %s (%s): %d s%n", line, TestEnv.sparkProfile(),
                (System.nanoTime() - start) / 1_000_000_000L);

        assertEquals(0, run.exitCode(), line + ": " + args + "\n" + run);
        assertTrue(run.out().contains("1 table exported"), run.toString());
        assertFalse(run.err().contains("Failed to launch executor"), "the shutdown noise is filtered");
        List<String> published = DayObjects.keys(BUCKET, prefix + "/accounts/").stream().filter(k -> k.endsWith("/_SUCCESS"))
                .toList();
        assertEquals(1, published.size(), published.toString());
        String day = published.get(0).substring(0, published.get(0).length() - "_SUCCESS".length());
        DayObjects.assertAllEncrypted(BUCKET, day);
        assertEquals(30, DayObjects.json(BUCKET, day + "_manifest.json").get("rows").get("written").asLong(), day);
    }

    /**
     * Puts what the command line names into S3Mock (creating its bucket): the deployable jar, the
     * CA bundle (which the driver finds through {@code --files} alone: client mode puts it only in
     * Spark's file directory), the job configuration. Returns the bucket.
     */
    private String stage(String uri, String prefix, CommandLine line) throws IOException {
        URI location = URI.create(uri);
        String bucket = location.getHost();
        String key = location.getPath().substring(1);
        String name = key.substring(key.lastIndexOf('/') + 1);
        S3Http.createBucket(bucket);
        byte[] content;
        if (name.endsWith(".jar")) {
            content = Files.readAllBytes(Path.of(System.getProperty("snapshotsync.jar")));
        } else if (name.endsWith(".pem")) {
            content = Files.readAllBytes(Path.of(TestEnv.get("pg.ca")));
        } else if (name.endsWith(".conf")) {
            String bundle = line.args().stream().filter(a -> a.endsWith(".pem")).map(a -> a.substring(a.lastIndexOf('/') + 1))
                    .findFirst().orElseThrow(() -> new AssertionError(line + " ships no CA bundle (--files)"));
            content = String.join("\n", TestConfig.base(db, BUCKET, prefix),
                    "snapshot-sync.source.ssl.root-cert = \"" + bundle + "\"",
                    "snapshot-sync.tables { accounts {} }").getBytes(StandardCharsets.UTF_8);
        } else {
            throw new AssertionError(line + " names " + uri + ", which this test does not know how to provide");
        }
        S3Http.put(bucket, key, content);
        return bucket;
    }

    /** Workers big enough for the executors the command asks for (EMR Serverless sizes them), else two small ones. */
    private static String master(List<String> args) {
        int cores = 1;
        int memoryMb = 1024;
        for (String arg : args) {
            Matcher m = SIZE.matcher(arg);
            if (m.matches() && m.group(1).equals("cores")) {
                cores = Integer.parseInt(m.group(2));
            } else if (m.matches()) {
                memoryMb = Integer.parseInt(m.group(2)) * 1024;
            }
        }
        return cores == 1 && memoryMb == 1024 ? "local-cluster[2,1,1024]" : "local-cluster[1," + cores + "," + memoryMb + "]";
    }
}
