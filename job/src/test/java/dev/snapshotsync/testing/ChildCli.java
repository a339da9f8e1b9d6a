package dev.snapshotsync.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the CLI in a separate JVM on the test class path, so a test can kill it (SIGKILL) the way
 * a lost node or an OOM killer would. Its output goes to {@code log}.
 */
public final class ChildCli {
    private ChildCli() {}

    public static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
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
        command.add("dev.snapshotsync.job.Main");
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.directory(new File(System.getProperty("user.dir")));
        return builder.start();
    }
}
