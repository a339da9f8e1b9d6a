package dev.snapshotsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Downloads a day's part files from S3Mock and runs {@code scripts/checks/check_files.py} on them
 * with the venv's python (system property {@code snapshotsync.python}, set by the build), failing
 * the test on a nonzero exit with the script's output.
 */
public final class OutputCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputCheck() {}

    /** The part files of a day, downloaded into {@code dir}. */
    public static List<Path> download(String bucket, String dayPrefix, Path dir) {
        List<Path> files = new ArrayList<>();
        for (String key : S3Http.list(bucket, dayPrefix)) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (name.startsWith("part-")) {
                Path file = dir.resolve(name);
                try {
                    Files.write(file, S3Http.get(bucket, key));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                files.add(file);
            }
        }
        assertFalse(files.isEmpty(), "no part files under " + dayPrefix);
        return files;
    }

    /** Runs the strict checks of {@code format} (csv, json, parquet); {@code types} are pyarrow type names. */
    public static void run(String format, long rows, List<String> columns, Map<String, String> types,
                           List<Path> files) {
        try {
            List<String> command = new ArrayList<>(List.of(python(), script(), format, "--rows", Long.toString(rows),
                    "--columns", JSON.writeValueAsString(columns), "--types", JSON.writeValueAsString(types)));
            files.forEach(f -> command.add(f.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("check_files.py " + format + " did not finish in 120 s");
            }
            assertEquals(0, process.exitValue(), "check_files.py " + format + ":\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String python() {
        String python = System.getProperty("snapshotsync.python", "");
        if (python.isEmpty() || !Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("no python at '" + python + "' (system property snapshotsync.python). "
                    + "Run `scripts/python-env` (or `make test`, which builds it) to create .venv.");
        }
        return python;
    }

    private static String script() {
        return Path.of(System.getProperty("snapshotsync.checks", "scripts/checks"), "check_files.py").toString();
    }
}
