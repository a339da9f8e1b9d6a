package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make demo} and the scripts it runs exit 0 whenever the demo worked. It used to pipe curl
 * into {@code head -n 8} under {@code set -o pipefail}: head's early exit made curl fail with
 * SIGPIPE (exit 23) about one run in four, after a successful export.
 */
class DemoScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A reader that may stop before its writer is done, at the end of a pipe. */
    private static final Pattern EARLY_READER = Pattern.compile("\\|\\s*(head\\b|grep\\s+(-\\w*[qm]|--quiet|--max-count))");
    private static final String BUCKET = "test-bucket";
    private static final int RUNS = 25;

    @TempDir
    Path dir;

    @Test
    void theDemoListingExitsZeroOnEveryRunOverAFileLongerThanItShows() throws Exception {
        String prefix = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        String day = prefix + "/customers/snapshot_date=2026-03-01/";
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 5000; i++) {
            csv.append(i).append(",customer number ").append(i).append('\n');
        }
        S3Http.put(BUCKET, day + "part-00000-demo.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        S3Http.put(BUCKET, day + "_SUCCESS", new byte[0]);

        for (int run = 1; run <= RUNS; run++) {
            Process process = new ProcessBuilder(ROOT.resolve("scripts/demo-objects").toString(),
                    TestEnv.s3HttpEndpoint(), BUCKET, prefix, "2026-03-01", "customers")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), "scripts/demo-objects hangs");
            String out = Files.readString(dir.resolve("out.txt"));

            assertEquals(0, process.exitValue(), "run " + run + " of " + RUNS + ":\n" + out);
            assertTrue(out.contains("  " + day + "part-00000-demo.csv "), out);
            assertTrue(out.endsWith("== first lines of " + day + "part-00000-demo.csv\nid,name\n"
                    + "1,customer number 1\n2,customer number 2\n3,customer number 3\n4,customer number 4\n"
                    + "5,customer number 5\n6,customer number 6\n7,customer number 7\n"), out);
        }
    }

    @Test
    void noScriptPipesIntoAReaderThatStopsEarly() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path script : shellScripts()) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (!code.startsWith("#") && EARLY_READER.matcher(code).find()) {
                    found.add(ROOT.relativize(script) + ":" + (i + 1) + ": " + code);
                }
            }
        }
        assertEquals(List.of(), found, "under pipefail the writer's SIGPIPE fails the script; read a variable "
                + "(<<<) or a file instead");
    }

    /** Maven 3.8's console library writes ESC[0m on exit even with -B -q unless told not to. */
    @Test
    void quietMavenRunsLeaveNoEscapeCodes() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path script : shellScripts()) {
            String text = Files.readString(script);
            if (Pattern.compile("\\bmvn\\b[^\\n]*\\s-q\\b").matcher(text).find() && !text.contains("-Djansi.noreset=true")) {
                missing.add(ROOT.relativize(script).toString());
            }
        }
        assertEquals(List.of(), missing, "quiet Maven without MAVEN_OPTS=-Djansi.noreset=true");
    }

    private static List<Path> shellScripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (Path folder : List.of(ROOT.resolve("scripts"), ROOT.resolve("bin"), ROOT.resolve("bench"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String first = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream().findFirst().orElse("");
                    if (first.startsWith("#!") && first.contains("sh")) {
                        scripts.add(file);
                    }
                }
            }
        }
        assertTrue(scripts.contains(ROOT.resolve("scripts/demo")), scripts.toString());
        return scripts;
    }
}
