package dev.snapshotsync.job;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs independent configuration checks (the file, then each command-line option) and reports
 * what all of them found in one {@link ConfigurationException}, in the order they ran, so that a
 * bad {@code --date} does not hide the file's problems. A check that fails returns null; checks
 * that need its result are left out. A new check is one more {@link #check} call.
 */
final class ConfigProblems {
    private final List<String> problems = new ArrayList<>();

    <T> T check(Supplier<T> step) {
        try {
            return step.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    void check(Runnable step) {
        check(() -> {
            step.run();
            return null;
        });
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }
}
