package dev.snapshotsync.testing;

import dev.snapshotsync.job.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in the test JVM (on the shared Spark session) and captures what it prints. */
public final class Cli {
    private Cli() {}

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    public static Result run(String... args) {
        TestSpark.session();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
