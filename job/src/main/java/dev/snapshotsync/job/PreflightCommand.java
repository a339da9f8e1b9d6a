package dev.snapshotsync.job;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.job.preflight.Preflight;
import dev.snapshotsync.job.preflight.PreflightCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code snapshot-sync preflight}: checks that a run could do its work (TLS, login, SELECT, S3
 * write with the KMS key) without exporting anything. Exit 0 when every check passed, otherwise
 * the exit code of the first failed check (3 database, 4 S3 or KMS, 2 configuration).
 */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check TLS to the database, login, SELECT on each table, and an encrypted S3 write.")
final class PreflightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        Settings settings = ConfigOptions.Loader.load(configOptions, Configuration::new);
        List<PreflightCheck> checks = new Preflight(settings, new Configuration()).run();
        PrintWriter out = spec.commandLine().getOut();
        out.println("snapshot-sync preflight of '" + configOptions.config + "':");
        checks.forEach(check -> out.println(check.render()));
        List<PreflightCheck> failed = checks.stream()
                .filter(check -> check.status() == PreflightCheck.Status.FAILED).toList();
        out.println(failed.isEmpty() ? "preflight passed: " + checks.size() + " checks"
                : "preflight failed: " + failed.size() + " of " + checks.size() + " checks failed");
        out.flush();
        if (failed.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        failed.forEach(check -> err.println("snapshot-sync: preflight: " + check.name() + ": " + check.detail()));
        err.flush();
        return failed.get(0).kind().exitCode();
    }
}
