package dev.snapshotsync.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a separate JVM on the test class path: so a test can kill it (SIGKILL) the way
 * a lost node or an OOM killer would, or see what a user's terminal shows with the shipped log
 * configuration ({@code conf/log4j2.properties}, as bin/snapshot-sync uses it).
 */
public final class ChildCli {
    /** The log configuration bin/snapshot-sync runs with; the module's tests run in {@code job/}. */
    public static final Path SHIPPED_LOG_CONFIG = Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize();

    private static final String MAIN = "dev.snapshotsync.job.Main";

    private ChildCli() {}

    /** Starts the CLI with the test log configuration; stdout and stderr both go to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with JVM options after the usual ones (a later -D wins). */
    public static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        ProcessBuilder builder = builder(jvmOptions, args).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /**
     * Runs the CLI to its end as bin/snapshot-sync would on a user's machine: the shipped log
     * configuration and no SPARK_LOCAL_IP in the environment. Stdout and stderr are kept apart.
     */
    public static Cli.Result runAsUser(Path dir, String... args) throws IOException, InterruptedException {
        return runAsUser(dir, List.of(), args);
    }

    /** As {@link #runAsUser(Path, String...)}, with JVM options after the usual ones (a later -D wins). */
    public static Cli.Result runAsUser(Path dir, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-Dlog4j2.configurationFile=" + SHIPPED_LOG_CONFIG));
        options.addAll(jvmOptions);
        return runToEnd(dir, builder(options, args), args);
    }

    /**
     * As {@link #runAsUser}, but several commands one after another in one JVM (separated by
     * {@code --then}, each printing {@code == exit N: <command>} on stdout; see PlatformCommands),
     * and the JVM has no trust store holding the test CA (no {@code javax.net.ssl.trustStore}): the
     * test S3 server's HTTPS certificate is trusted only through what the job's settings say.
     */
    public static Cli.Result runCommandsAsUserWithoutJvmTrustStore(Path dir, String... commands)
            throws IOException, InterruptedException {
        ProcessBuilder builder = builder(List.of("-Dlog4j2.configurationFile=" + SHIPPED_LOG_CONFIG), commands);
        builder.command().removeIf(option -> option.startsWith("-Djavax.net.ssl.trustStore"));
        builder.command().set(builder.command().indexOf(MAIN), "dev.snapshotsync.job.PlatformCommands");
        return runToEnd(dir, builder, commands);
    }

    private static Cli.Result runToEnd(Path dir, ProcessBuilder builder, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("SPARK_LOCAL_IP");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not finish within 5 minutes: " + Arrays.toString(args));
        }
        return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static ProcessBuilder builder(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // A short run: C1 alone compiles less than it saves (as PlatformIT's and the clusters' JVMs).
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(Arrays.asList(System.getProperty("snapshotsync.spark.jvm.args", "").trim().split("\\s+")));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        for (String property : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "javax.net.ssl.trustStoreType")) {
            command.add("-D" + property + "=" + System.getProperty(property));
        }
        command.add("-Dspark.master=local[1]");
        command.add("-Dspark.ui.enabled=false");
        command.add("-Dspark.driver.host=127.0.0.1");
        command.add("-Dspark.driver.bindAddress=127.0.0.1");
        command.addAll(TestSpark.smallSessionOptions());
        command.addAll(jvmOptions);
        command.add(MAIN);
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")));
    }
}
