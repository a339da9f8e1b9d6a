package dev.snapshotsync.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark installation made of a platform's class path ({@code platforms/<target>/target/classpath.txt}),
 * on which {@code org.apache.spark.deploy.SparkSubmit} runs in a child JVM against a
 * {@code local-cluster[N,cores,MB]} master: executors in JVMs of their own, as on Glue and EMR.
 * The worker builds each executor's command line from {@code SPARK_HOME/jars} and
 * {@code SPARK_SCALA_VERSION} (shared/DESIGN.md, "Cluster mode"). What a platform configures for
 * every job (master, how {@code s3://} is served, trust stores) goes into
 * {@code conf/spark-defaults.conf}, as EMR does, so the submitted command line stays the user's.
 */
public record SparkInstall(Path home, String scalaVersion) {
    private static final String LOG4J = """
            rootLogger.level = warn
            rootLogger.appenderRef.stderr.ref = stderr
            appender.stderr.type = Console
            appender.stderr.name = stderr
            appender.stderr.target = SYSTEM_ERR
            appender.stderr.layout.type = PatternLayout
            appender.stderr.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex
            logger.job.name = dev.snapshotsync
            logger.job.level = info
            # Which executor ran which task, in $SPARK_HOME/work/<app>/<executor>/stderr.
            logger.executor.name = org.apache.spark.executor.Executor
            logger.executor.level = info
            # When a local cluster stops, its workers try to replace the executors being stopped and log
            # ~30 harmless "Failed to launch executor ... Shutdown hooks cannot be modified during shutdown".
            logger.worker.name = org.apache.spark.deploy.worker.Worker
            logger.worker.filter.launch.type = RegexFilter
            logger.worker.filter.launch.regex = Failed to launch executor.*
            logger.worker.filter.launch.onMatch = DENY
            logger.worker.filter.launch.onMismatch = NEUTRAL
            """;

    public SparkInstall {
        requireNonNull(home, "home is null");
        requireNonNull(scalaVersion, "scalaVersion is null");
    }

    /** {@code jars/} links every jar of the class path file; {@code conf/} holds the defaults and the log settings. */
    public static SparkInstall create(Path home, Path classpathFile, String scalaVersion, Map<String, String> defaults) {
        try {
            Files.createDirectories(home.resolve("jars"));
            Files.createDirectories(home.resolve("conf"));
            for (String jar : Files.readString(classpathFile).strip().split(":")) {
                Path link = home.resolve("jars").resolve(Path.of(jar).getFileName());
                try {
                    Files.createSymbolicLink(link, Path.of(jar));
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalStateException("two jars named " + link.getFileName() + " in " + classpathFile, e);
                }
            }
            Files.writeString(home.resolve("conf/spark-defaults.conf"), defaults.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
            Files.writeString(home.resolve("conf/log4j2.properties"), LOG4J);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SparkInstall(home, scalaVersion);
    }

    /**
     * An installation of this Spark line's EMR release (the {@code emr-} target among
     * {@code snapshotsync.platform.targets}), with the Scala version its executors need, made
     * afresh in the build directory beside the deployable jar: not in a JUnit temp dir, which warns
     * about every link it deletes.
     */
    public static SparkInstall forThisLine(String name, Map<String, String> defaults) {
        Path home = Path.of(System.getProperty("snapshotsync.jar")).getParent().resolve("spark-homes").resolve(name);
        String target = Arrays.stream(System.getProperty("snapshotsync.platform.targets").split(","))
                .map(String::strip).filter(t -> t.startsWith("emr-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no emr- platform among snapshotsync.platform.targets"));
        Path classpath = Path.of(System.getProperty("snapshotsync.platforms.dir"), target, "target", "classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(classpath + " is missing: build the platforms/ modules");
        }
        deleteTree(home);
        return create(home, classpath, System.getProperty("snapshotsync.scala.binary.version"), defaults);
    }

    /** Deletes the links, not what they point to (Files.walk does not follow them). */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the test platform gives every job: the master, the test S3 for {@code s3://} and
     * {@code s3a://} in these buckets (SparkSubmit fetches jars and files through it too), and the
     * S3 trust store on the executors, as one option string (a launcher that splits it breaks it).
     */
    public static Map<String, String> defaults(String master, List<String> buckets) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("spark.master", master);
        defaults.put("spark.ui.enabled", "false");
        defaults.put("spark.driver.host", "127.0.0.1");
        defaults.put("spark.driver.bindAddress", "127.0.0.1");
        defaults.put("spark.sql.shuffle.partitions", "2");
        defaults.put("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 " + trustStoreOptions());
        defaults.put("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        for (String bucket : buckets) {
            TestEnv.s3aBucketSettings(bucket).forEach((key, value) -> defaults.put("spark.hadoop." + key, value));
        }
        return defaults;
    }

    private static String trustStoreOptions() {
        return "-Djavax.net.ssl.trustStore=" + TestEnv.get("s3.truststore")
                + " -Djavax.net.ssl.trustStorePassword=" + TestEnv.get("s3.truststore.password")
                + " -Djavax.net.ssl.trustStoreType=" + TestEnv.get("s3.truststore.type");
    }

    /**
     * {@code spark-submit <args>}, as the {@code spark-submit} script runs it: SparkSubmit in a JVM
     * on {@code conf/} and {@code jars/} (after {@code --driver-class-path}, which the script's
     * launcher puts on the driver JVM's class path in client mode), in {@code workDir}; its output
     * goes to files in {@code dir}.
     */
    public JvmRun.Running submit(Path dir, Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1"));
        command.addAll(Arrays.asList(System.getProperty("snapshotsync.spark.jvm.args").trim().split("\\s+")));
        command.addAll(Arrays.asList(trustStoreOptions().split(" ")));
        int driverClassPath = args.indexOf("--driver-class-path");
        String classPath = (driverClassPath < 0 ? "" : args.get(driverClassPath + 1) + ":")
                + home.resolve("conf") + ":" + home.resolve("jars") + "/*";
        command.addAll(List.of("-cp", classPath, "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(args);
        return JvmRun.start(dir, command, Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", scalaVersion,
                "JAVA_HOME", System.getProperty("java.home")), workDir);
    }

    /** The log each executor wrote ({@code work/<app>/<executor>/stderr}), by executor id. */
    public Map<String, String> executorLogs() throws IOException {
        Map<String, String> logs = new LinkedHashMap<>();
        Path work = home.resolve("work");
        if (!Files.isDirectory(work)) {
            return logs;
        }
        try (var files = Files.walk(work)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                logs.put(work.relativize(log.getParent()).toString(), Files.readString(log));
            }
        }
        return logs;
    }
}
