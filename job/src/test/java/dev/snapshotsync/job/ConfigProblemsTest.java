package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.LogCapture;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration problems as {@code export} reports them: every one once, on stderr and not in the
 * log, in the order of the file's lines, with "did you mean" for a misspelt key, and the problems
 * of {@code --date} and {@code --tables} in the same list.
 */
class ConfigProblemsTest {
    private static final Pattern LINE = Pattern.compile("job\\.conf:(\\d+): ");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create("config_problems");
    }

    @Test
    void everyProblemOnceInFileOrderWithDidYouMeanAndTheDateProblemInTheSameList() {
        // Written so that reading order (source, target, run, tables; unknown keys first) differs from line order.
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket", "problems"), """
                snapshot-sync {
                  tables { orders { partition.count = -1, schem = sales } }
                  target {
                    formt = csv
                    csv.delimeter = ";"
                  }
                  source.port = fifty
                  run.progress-interval = never
                }
                """);

        Cli.Result result;
        List<String> logged;
        try (LogCapture log = LogCapture.start()) {
            result = Cli.run("export", "--config", config.toString(), "--date", "2026-13-01");
            logged = log.lines();
        }

        assertEquals(2, result.exitCode(), result.toString());
        String err = result.err();
        assertTrue(err.startsWith("snapshot-sync: configuration has 7 problems:\n"), result.toString());
        List<Integer> lines = new ArrayList<>();
        for (Matcher m = LINE.matcher(err); m.find(); ) {
            lines.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(6, lines.size(), result.toString());
        assertEquals(lines.stream().sorted().toList(), lines, "not in file order:\n" + err);
        for (String problem : List.of(
                "unknown key 'snapshot-sync.tables.orders.schem'. Did you mean 'snapshot-sync.tables.orders.schema'?",
                "invalid value '-1' for 'snapshot-sync.tables.orders.partition.count'",
                "unknown key 'snapshot-sync.target.formt'. Did you mean 'snapshot-sync.target.format'?",
                "unknown key 'snapshot-sync.target.csv.delimeter'. Did you mean 'snapshot-sync.target.csv.delimiter'?",
                "invalid value 'fifty' for 'snapshot-sync.source.port'",
                "invalid value 'never' for 'snapshot-sync.run.progress-interval'",
                "invalid value '2026-13-01' for '--date'")) {
            assertEquals(1, occurrences(err, problem), problem + " not printed exactly once:\n" + err);
            assertTrue(logged.stream().noneMatch(line -> line.contains(problem)), "also logged: " + problem);
        }
        assertTrue(err.indexOf("'--date'") > err.lastIndexOf("job.conf:"), "the date problem comes after the file's:\n" + err);
        assertTrue(err.contains("\n  exit code 2 (configuration)\n"), err);
    }

    @Test
    void dateAndTablesProblemsAreListedTogether() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket", "problems"),
                "snapshot-sync.tables { orders {}, customers {} }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-02-30",
                "--tables", "orders,custmers");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("snapshot-sync: configuration has 2 problems:\n"
                + "  - invalid value '2026-02-30' for '--date'. Allowed: a date as YYYY-MM-DD, such as 2026-01-31.\n"
                + "  - unknown table 'custmers' in --tables. Configured tables: orders, customers.\n"), result.toString());
    }

    @Test
    void aMissingFileAndABadSetAndABadDateAreListedTogether() {
        Path missing = dir.resolve("no-such-job.conf");

        Cli.Result result = Cli.run("export", "--config", missing.toString(), "--set", "target.format",
                "--date", "tomorrow");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("snapshot-sync: configuration has 3 problems:\n"), result.toString());
        for (String problem : List.of(missing.toString(), "invalid --set 'target.format'. Expected key=value",
                "invalid value 'tomorrow' for '--date'")) {
            assertEquals(1, occurrences(result.err(), problem), problem + " not printed exactly once:\n" + result);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
