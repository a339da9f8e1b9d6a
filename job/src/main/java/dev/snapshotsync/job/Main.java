package dev.snapshotsync.job;

import dev.snapshotsync.errors.ErrorKind;
import java.io.PrintWriter;
import java.util.Optional;
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
        subcommands = {ExportCommand.class, ValidateCommand.class, PreflightCommand.class, DiffCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
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
        try {
            return commandLine.execute(args);
        } catch (NoClassDefFoundError e) {
            // `java -jar` on the deployable jar: Spark, Hadoop and SLF4J are the platform's, absent here.
            err.println("snapshot-sync: Spark is not on the class path ('" + e.getMessage() + "' is missing). "
                    + "Run the jar with spark-submit, on Glue or EMR, or use bin/snapshot-sync; "
                    + "java -jar runs only --help and --version.");
            err.flush();
            return ErrorKind.INTERNAL.exitCode();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: export, validate, preflight or diff");
    }

    /** This build's version from the jar manifest; a build from the IDE or reactor classes has none. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Optional<String> runReport = commandLine.getCommand() instanceof ExportCommand export
                ? export.runReport() : Optional.empty();
        ErrorBlock block = new ErrorBlock(e, runReport);
        if (block.kind() != ErrorKind.INTERNAL) {
            // Looked up here, not in a static field: SLF4J comes with Spark, and `java -jar ... --help`
            // must work on a machine without Spark (the deployable jar leaves Spark to the platform).
            // The terminal shows the error block once; the trace is for whoever asks for DEBUG.
            Logger log = LoggerFactory.getLogger(Main.class);
            log.debug("{} failed with exit code {}", commandLine.getCommandName(), block.kind().exitCode(), e);
        }
        PrintWriter err = commandLine.getErr();
        err.print(block.render());
        err.flush();
        return block.kind().exitCode();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"snapshot-sync " + version()};
        }
    }
}
