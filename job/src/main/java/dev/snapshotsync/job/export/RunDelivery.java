package dev.snapshotsync.job.export;

import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.events.CompletionEvent;
import dev.snapshotsync.events.EventPublisher;
import dev.snapshotsync.sink.DayPublisher;
import dev.snapshotsync.sink.ManifestFactory;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a run for its readers: after every day is published, the Glue Data Catalog
 * registration (target.glue-catalog) and the success event (target.events); after a failure, the
 * failure event. Both are opt-in; neither touches the published data.
 */
final class RunDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(RunDelivery.class);

    private RunDelivery() {}

    /** Registers the published days, then announces them; a failure of either exits 4 with the data published. */
    static void published(FileSystem fs, TargetSettings target, String runId, LocalDate date, List<TableRun> runs) {
        GlueRegistration.register(fs, target, runs);
        if (!target.events().enabled()) {
            return;
        }
        try {
            new EventPublisher(target.events()).send(event(target, runId, date, runs, 0, null));
        } catch (SnapshotSyncException e) {
            throw new SnapshotSyncException(e.kind(), e.getMessage() + " The days of run " + runId + " are published"
                    + (target.catalog().enabled() ? " and registered" : "") + "; run the export of this date again "
                    + "to send the event.", e.getCause());
        }
    }

    /** Announces a failed run; a delivery failure is logged and kept beside {@code failure}, never instead of it. */
    static void failed(TargetSettings target, String runId, LocalDate date, List<TableRun> runs, int exitCode,
                       RuntimeException failure) {
        if (!target.events().enabled()) {
            return;
        }
        try {
            new EventPublisher(target.events()).send(event(target, runId, date, runs, exitCode,
                    Causes.firstLine(failure.getMessage())));
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
            failure.addSuppressed(e);
        }
    }

    static CompletionEvent event(TargetSettings target, String runId, LocalDate date, List<TableRun> runs,
                                 int exitCode, String error) {
        List<CompletionEvent.TableDay> tables = runs.stream()
                .map(r -> new CompletionEvent.TableDay(r.table.name(), r.status(), GlueRegistration.s3Folder(r.day()),
                        ManifestFactory.key(new Path(r.day(), DayPublisher.MANIFEST)), r.rowsWritten(), r.files().size()))
                .toList();
        return new CompletionEvent(CompletionEvent.VERSION, runId, date.toString(),
                exitCode == 0 ? CompletionEvent.SUCCEEDED : CompletionEvent.FAILED, exitCode, error,
                GlueRegistration.s3Folder(new Path(target.uri())), tables);
    }
}
