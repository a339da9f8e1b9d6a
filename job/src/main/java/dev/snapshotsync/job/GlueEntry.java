package dev.snapshotsync.job;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The AWS Glue entry. Glue starts {@code glue-scripts/src/main/scala/GlueApp.scala}, which hands its
 * {@code sysArgs} here. Glue passes its own arguments ({@code --JOB_NAME}, {@code --JOB_ID},
 * {@code --JOB_RUN_ID}, {@code --job-bookmark-option}, {@code --TempDir}, ...) next to the job
 * parameters; those are dropped and the rest goes to the CLI's {@code export} unchanged, so a typo
 * in a job parameter is still rejected as an unknown option.
 */
public final class GlueEntry {
    /**
     * Arguments Glue itself reads or passes, with a value each: the Glue developer guide, "Using job
     * parameters in AWS Glue jobs" (including the internal --conf, --debug, --mode). Names in
     * capitals (--JOB_NAME, --JOB_ID, --JOB_RUN_ID, --SECURITY_CONFIGURATION, --RedshiftTempDir) and
     * the --enable-* and --continuous-log-* families are matched by shape below, so a Glue release
     * adding a flag of those families does not break the job.
     */
    private static final Set<String> GLUE_ARGUMENTS = Set.of(
            "--job-bookmark-option", "--TempDir", "--RedshiftTempDir", "--class", "--scriptLocation", "--job-language",
            "--extra-jars", "--extra-files", "--extra-py-files", "--user-jars-first", "--datalake-formats",
            "--additional-python-modules", "--python-modules-installer-option", "--spark-event-logs-path",
            "--encryption-type", "--executor-cores", "--customer-driver-env-vars", "--customer-executor-env-vars",
            "--write-shuffle-files-to-s3", "--write-shuffle-spills-to-s3", "--disable-proxy-v2",
            "--auto-scale-within-microbatch", "--conf", "--debug", "--mode");
    private static final List<String> GLUE_PREFIXES = List.of("--enable-", "--continuous-log-");
    /**
     * Glue job parameters are a map, so a name occurs once; several overrides are given as
     * {@code --set-<anything> key=value}, each becoming one {@code --set}.
     */
    private static final String SET_FAMILY = "--set-";

    private GlueEntry() {}

    /** Runs the export for Glue; a failure is thrown so that Glue marks the run failed with the message. */
    public static void run(String[] sysArgs) {
        StringWriter errors = new StringWriter();
        int code = run(new PrintWriter(System.out, true), new PrintWriter(errors, true), sysArgs);
        System.err.print(errors);
        System.err.flush();
        if (code != 0) {
            throw new RunFailedException(code, errors.toString().strip());
        }
    }

    /** Runs the export with Glue's argument list and returns the CLI's exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... sysArgs) {
        List<String> args = new ArrayList<>();
        args.add("export");
        args.addAll(exportArguments(sysArgs));
        return Main.run(out, err, args.toArray(String[]::new));
    }

    /** Glue's argument list without Glue's own arguments, in the form the export command reads. */
    static List<String> exportArguments(String... sysArgs) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < sysArgs.length; i++) {
            String arg = sysArgs[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean valueFollows = !arg.contains("=") && i + 1 < sysArgs.length && !sysArgs[i + 1].startsWith("--");
            if (isGlueArgument(name)) {
                i += valueFollows ? 1 : 0;
            } else if (name.startsWith(SET_FAMILY)) {
                kept.add("--set" + arg.substring(name.length()));
            } else {
                kept.add(arg);
            }
        }
        return kept;
    }

    private static boolean isGlueArgument(String name) {
        return GLUE_ARGUMENTS.contains(name) || GLUE_PREFIXES.stream().anyMatch(name::startsWith)
                || name.matches("--[A-Z][A-Za-z_]*");
    }

    /** A Glue run that ended with a non-zero exit code; the message is what the CLI reported. */
    public static final class RunFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        RunFailedException(int exitCode, String errors) {
            super("snapshot-sync export failed with exit code " + exitCode + ": " + errors);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
