package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README as a newcomer reads it: the path comes first (the two commands, the demo, the Glue
 * and EMR quick starts, then the reference), and every command line in its code blocks parses
 * with the CLI's own options, so a renamed or removed option cannot linger in the examples.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Set<String> COMMANDS = Set.of("export", "validate", "preflight", "diff");

    @Test
    void theNewcomersPathComesBeforeTheReference() throws IOException {
        List<String> headings = Files.readAllLines(README, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("## ")).toList();

        assertEquals(List.of("## What `make demo` shows", "## Quick start: AWS Glue", "## Quick start: Amazon EMR",
                "## Using it"), headings.subList(0, 4), headings.toString());
        assertTrue(headings.contains("## Failure modes"), headings.toString());
    }

    @Test
    void everyCommandLineInTheCodeBlocksParses() throws IOException {
        Set<String> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (String line : commandLines()) {
            List<String> args = cliArguments(line);
            if (args.isEmpty()) {
                continue;
            }
            try {
                CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
                seen.add(parsed.subcommand().commandSpec().name());
            } catch (CommandLine.ParameterException e) {
                failures.add(line + "\n    -> " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "README examples the CLI rejects");
        assertEquals(COMMANDS, seen, "every command has an example");
    }

    /** Lines of the fenced code blocks, continuation lines (ending in a backslash) joined. */
    private static List<String> commandLines() throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            pending.append(line.strip());
            if (line.endsWith("\\")) {
                pending.setLength(pending.length() - 1);
                pending.append(' ');
            } else {
                lines.add(pending.toString());
                pending.setLength(0);
            }
        }
        return lines;
    }

    /**
     * The CLI's arguments in a command line: after {@code snapshot-sync} or {@code bin/snapshot-sync},
     * or after the jar of a {@code spark-submit}. Lines whose second word is a command but whose third
     * is not an option are printed output ("snapshot-sync diff of items: ..."), not commands. The
     * synopsis notation ({@code [--flag]}, {@code ...}) is read as the flags it shows.
     */
    private static List<String> cliArguments(String line) {
        String code = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
        List<String> words = new ArrayList<>(Arrays.stream(code.replace("[", " ").replace("]", " ")
                .replace("...", "").replace("'", "").split("\\s+")).filter(w -> !w.isEmpty()).toList());
        while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
            words.remove(0);
        }
        int start = -1;
        if (!words.isEmpty() && (words.get(0).equals("snapshot-sync") || words.get(0).equals("bin/snapshot-sync"))) {
            start = 1;
        } else if (!words.isEmpty() && words.get(0).equals("spark-submit") && code.contains("dev.snapshotsync.job.Main")) {
            for (int i = 0; i < words.size() && start < 0; i++) {
                start = words.get(i).endsWith(".jar") ? i + 1 : -1;
            }
        }
        if (start < 0 || start + 1 >= words.size() || !COMMANDS.contains(words.get(start))
                || !words.get(start + 1).startsWith("--")) {
            return List.of();
        }
        return words.subList(start, words.size());
    }
}
