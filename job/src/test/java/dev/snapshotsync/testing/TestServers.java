package dev.snapshotsync.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Drives scripts/test-servers for fault tests: restart the database, stop and start S3. */
public final class TestServers {
    private TestServers() {}

    public static void run(String command) {
        Path root = Path.of(System.getProperty("snapshotsync.project.root", "."));
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/test-servers").toString(), command,
                TestEnv.get("test.env.dir")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/test-servers " + command + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/test-servers " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
