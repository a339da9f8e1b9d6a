package dev.snapshotsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run to its end in a process of its own, its stdout and stderr kept apart (the jar tests). */
public record JvmRun(int exitCode, String out, String err) {
    public static JvmRun run(Path dir, List<String> command, long timeoutMinutes) throws IOException, InterruptedException {
        return run(dir, new ProcessBuilder(command), timeoutMinutes);
    }

    /** As {@link #run(Path, List, long)}, with the caller's environment and working directory. */
    public static JvmRun run(Path dir, ProcessBuilder builder, long timeoutMinutes)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + builder.command() + "\n" + Files.readString(err));
        }
        return new JvmRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err (last 8000 chars) ---\n"
                + err.substring(Math.max(0, err.length() - 8000));
    }
}
