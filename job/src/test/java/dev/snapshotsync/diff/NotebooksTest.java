package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks run headless ({@code jupyter nbconvert --execute}, the venv of scripts/python-env)
 * against the days and the diff of {@link ItemsDays} in S3Mock, over its plain HTTP endpoint as an
 * analyst's S3-compatible endpoint; a failing cell fails the test. The committed notebooks carry
 * no outputs.
 */
class NotebooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NOTEBOOKS = Path.of(System.getProperty("snapshotsync.notebooks", "../notebooks"));

    @TempDir
    Path out;

    @BeforeAll
    static void daysAndDiffWritten() {
        assertEquals(0, ItemsDays.get().diff().exitCode(), ItemsDays.get().diff().toString());
    }

    @Test
    void explorerShowsTheLatestPublishedDayAndChartsEveryDay() throws Exception {
        String text = execute("snapshot_explorer.ipynb", Map.of());

        // 2026-04-04 holds a part file but no _SUCCESS (DiffTest): not a published day.
        assertTrue(text.contains("items: 2 published day(s), " + ItemsDays.D1 + " to " + ItemsDays.D2 + "; showing "
                + ItemsDays.D2), text);
        assertTrue(text.contains("8 rows in 1 file(s)"), text);
        assertTrue(text.contains("image/png"), "no chart in " + text);
    }

    @Test
    void compareShowsTheDiffWrittenByTheDiffCommand() throws Exception {
        String text = execute("compare_snapshots.ipynb", Map.of());

        assertTrue(text.contains("from the diff written by snapshot-sync"), text);
        assertTrue(text.contains("2 added, 2 removed, 3 changed, 3 unchanged"), text);
        assertTrue(text.contains("'pear, green' -> 'pear, red'"), text);
        assertTrue(text.contains("image/png"), "no chart in " + text);
    }

    @Test
    void compareFindsTheSameChangesFromTheTwoDaysAlone() throws Exception {
        String text = execute("compare_snapshots.ipynb", Map.of("SNAPSHOT_COMPARE", "days", "SNAPSHOT_KEY", "id"));

        assertTrue(text.contains("from the two days"), text);
        assertTrue(text.contains("2 added, 2 removed, 3 changed, 3 unchanged"), text);
        assertTrue(text.contains("columns added: none; removed: none"), text);
    }

    @Test
    void committedNotebooksCarryNoOutputs() throws IOException {
        for (String name : List.of("snapshot_explorer.ipynb", "compare_snapshots.ipynb")) {
            for (JsonNode cell : JSON.readTree(NOTEBOOKS.resolve(name).toFile()).path("cells")) {
                if (cell.path("cell_type").asText().equals("code")) {
                    assertEquals(0, cell.path("outputs").size(), name + ": " + cell);
                    assertTrue(cell.path("execution_count").isNull(), name + ": " + cell);
                }
            }
        }
    }

    /** Runs one notebook; returns the executed notebook's text (outputs included). */
    private String execute(String notebook, Map<String, String> extra) throws Exception {
        String python = System.getProperty("snapshotsync.python", "../.venv/bin/python");
        assertTrue(Files.isExecutable(Path.of(python)), "no Python at " + python + ": build the venv with "
                + "scripts/python-env (make test does) and pass it as -Dsnapshotsync.python=...");
        ProcessBuilder process = new ProcessBuilder(python, "-m", "jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.timeout=180", "--output-dir", out.toString(),
                NOTEBOOKS.resolve(notebook).toString())
                .redirectErrorStream(true);
        Map<String, String> env = process.environment();
        env.put("SNAPSHOT_ROOT", "s3://" + ItemsDays.BUCKET + "/" + ItemsDays.PREFIX);
        env.put("SNAPSHOT_TABLE", "items");
        env.put("SNAPSHOT_FROM", ItemsDays.D1);
        env.put("SNAPSHOT_TO", ItemsDays.D2);
        env.put("S3_ENDPOINT", TestEnv.s3HttpEndpoint());
        env.put("AWS_ACCESS_KEY_ID", TestEnv.get("s3.access.key"));
        env.put("AWS_SECRET_ACCESS_KEY", TestEnv.get("s3.secret.key"));
        env.put("AWS_REGION", TestEnv.get("s3.region"));
        env.putAll(extra);
        Process running = process.start();
        String log = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(running.waitFor(5, TimeUnit.MINUTES), "nbconvert did not finish: " + log);
        assertEquals(0, running.exitValue(), notebook + " failed:\n" + log);
        return Files.readString(out.resolve(notebook));
    }
}
