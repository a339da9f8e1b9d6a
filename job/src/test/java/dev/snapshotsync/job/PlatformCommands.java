package dev.snapshotsync.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several CLI commands in one JVM, one after another, as {@link PlatformIT} needs them on a
 * platform's class path: {@code export ... --then validate ... --then diff ...}. Each command's
 * exit code is printed on stdout as {@code == exit N: <command>}. Anything a command throws past
 * the CLI (a {@link LinkageError} such as NoSuchMethodError from a class path the jar was not
 * built for) ends the JVM with exit 70 after its stack trace. This class depends on nothing but
 * the JDK and {@link Main}, so it runs beside the deployable jar alone.
 */
public final class PlatformCommands {
    static final String THEN = "--then";

    private PlatformCommands() {}

    public static void main(String[] args) {
        List<List<String>> commands = split(args);
        for (List<String> command : commands) {
            int exit;
            try {
                exit = Main.run(command.toArray(String[]::new));
            } catch (Throwable t) {
                t.printStackTrace();
                System.out.println("== crashed: " + t + ": " + String.join(" ", command));
                System.out.flush();
                System.exit(70);
                return;
            }
            System.out.println("== exit " + exit + ": " + String.join(" ", command));
            System.out.flush();
        }
        System.exit(0);
    }

    static List<List<String>> split(String[] args) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : Arrays.asList(args)) {
            if (arg.equals(THEN)) {
                commands.add(current);
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        commands.add(current);
        return commands;
    }
}
