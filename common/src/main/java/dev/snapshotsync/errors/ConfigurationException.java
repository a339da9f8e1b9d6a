package dev.snapshotsync.errors;

import java.util.List;

/** Every problem found in the configuration, reported at once (exit code 2). */
public final class ConfigurationException extends SnapshotSyncException {
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(ErrorKind.CONFIGURATION, render(problems));
        this.problems = List.copyOf(problems);
    }

    public static ConfigurationException of(String problem) {
        return new ConfigurationException(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.size() == 1) {
            return "configuration: " + problems.get(0);
        }
        StringBuilder text = new StringBuilder("configuration has ").append(problems.size()).append(" problems:");
        for (String problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
