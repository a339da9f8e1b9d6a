package dev.snapshotsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end in a process of its own, its stdout and stderr kept apart (the jar tests). */
public record JvmRun(int exitCode, String out, String err) {
    public static JvmRun run(Path dir, List<String> command, long timeoutMinutes) throws IOException, InterruptedException {
        return start(dir, command, Map.of(), null).await(timeoutMinutes);
    }

    /**
     * Starts the command with extra environment variables and, unless {@code workDir} is null,
     * in that working directory; its streams go to temp files in {@code dir}.
     */
    public static Running start(Path dir, List<String> command, Map<String, String> env, Path workDir) throws IOException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return new Running(builder.start(), out, err, List.copyOf(command));
    }

    /** A started command: its process, and what it has printed so far. */
    public record Running(Process process, Path outFile, Path errFile, List<String> command) {
        public String out() throws IOException {
            return Files.readString(outFile);
        }

        public JvmRun await(long timeoutMinutes) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(outFile) + "\n"
                        + Files.readString(errFile));
            }
            return new JvmRun(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err (last 8000 chars) ---\n"
                + err.substring(Math.max(0, err.length() - 8000));
    }
}
