package dev.snapshotsync.job;

import dev.snapshotsync.source.CopySource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs several CLI commands in one JVM, one after another, as {@link PlatformIT} and
 * {@link ClusterIT} need them on a platform's class path: {@code export ... --then validate ...
 * --then diff ...}. Each command's exit code is printed on stdout as {@code == exit N: <command>},
 * followed by {@code == copy reads registered: N}, the COPY reads this driver still holds (a run
 * must leave none). The pseudo-command {@code restart-spark key=value ...} stops the running Spark
 * session and sets those Spark properties ({@code key=} clears one), so the next command starts a
 * new session with them: another master or {@code spark.task.maxFailures} without a new JVM.
 * Anything a command throws past the CLI (a {@link LinkageError} such as NoSuchMethodError from a
 * class path the jar was not built for) ends the JVM with exit 70 after its stack trace. This
 * class depends on nothing but the JDK, Spark and the deployable jar, so it runs beside them alone.
 */
public final class PlatformCommands {
    static final String THEN = "--then";
    static final String RESTART_SPARK = "restart-spark";

    private PlatformCommands() {}

    public static void main(String[] args) {
        for (List<String> command : split(args)) {
            int exit;
            try {
                exit = command.get(0).equals(RESTART_SPARK) ? restartSpark(command.subList(1, command.size()))
                        : Main.run(command.toArray(String[]::new));
            } catch (Throwable t) {
                t.printStackTrace();
                System.out.println("== crashed: " + t + ": " + String.join(" ", command));
                System.out.flush();
                System.exit(70);
                return;
            }
            System.out.println("== exit " + exit + ": " + String.join(" ", command));
            System.out.println("== copy reads registered: " + CopySource.registeredReads());
            System.out.flush();
        }
        // Stopped here rather than by Spark's shutdown hook: a local cluster stopped during JVM
        // shutdown has its workers relaunch executors, which fail with "Shutdown hooks cannot be modified".
        stopSpark();
        System.exit(0);
    }

    private static int restartSpark(List<String> settings) {
        stopSpark();
        for (String setting : settings) {
            String key = setting.substring(0, setting.indexOf('='));
            String value = setting.substring(setting.indexOf('=') + 1);
            if (value.isEmpty()) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        }
        return 0;
    }

    private static void stopSpark() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
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
