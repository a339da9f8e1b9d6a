package dev.snapshotsync.job;

import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The CLI. It parses arguments, runs one command and maps its outcome to an exit code (0 success,
 * 2 usage or configuration, 3 source, 4 target, 5 verification, 1 anything else); nothing else
 * in the project knows about processes.
 */
@Command(name = "snapshot-sync", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Syncs daily snapshots of PostgreSQL tables to S3.",
        subcommands = {ExportCommand.class, DiffCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in this JVM and returns the exit code, without exiting. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(Main::handle);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: export or diff");
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof SnapshotSyncException known) {
            LOG.error("{}", known.getMessage(), known.getCause());
            err.println("snapshot-sync: " + known.getMessage());
            err.flush();
            return known.kind().exitCode();
        }
        LOG.error("unexpected failure", e);
        err.println("snapshot-sync: unexpected failure: " + e + " (see the log for the stack trace; please report it)");
        err.flush();
        return ErrorKind.INTERNAL.exitCode();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"snapshot-sync " + (version == null ? "development build" : version)};
        }
    }
}
