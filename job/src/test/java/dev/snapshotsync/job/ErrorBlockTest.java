package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The error block the CLI prints: a failure the job classified shows no stack trace (the run
 * summary and the DEBUG log keep it), an unexpected one (exit 1) shows it, as it is a bug to report.
 */
class ErrorBlockTest {
    @Test
    void classifiedFailureShowsMessageCauseWhatToDoAndExitCodeButNoStackTrace() {
        IOException root = new IOException("Connection refused");
        SnapshotSyncException failure = SnapshotSyncException.source("source: connecting to PostgreSQL at db:5432/shop "
                + "failed: nothing listens there. Check source.host and source.port.", new RuntimeException("wrapped", root));

        String block = new ErrorBlock(failure, Optional.of("s3a://bucket/prefix/_runs/run-1.json")).render();

        assertEquals("""
                snapshot-sync: source: connecting to PostgreSQL at db:5432/shop failed: nothing listens there. \
                Check source.host and source.port.
                  cause: IOException: Connection refused
                  to do: change what the message names on the database side or in source.*; a session that ended \
                (restart, failover, terminated) needs only a new run
                  exit code 3 (source); stack trace in s3a://bucket/prefix/_runs/run-1.json and at log level DEBUG \
                (SNAPSHOT_SYNC_LOG_LEVEL=debug with bin/snapshot-sync)
                """, block);
    }

    @Test
    void configurationProblemsHaveNoCauseAndNoStackTraceHint() {
        String block = new ErrorBlock(new ConfigurationException(List.of("a", "b")), Optional.empty()).render();

        assertEquals("""
                snapshot-sync: configuration has 2 problems:
                  - a
                  - b
                  to do: fix what is listed above (every problem found is listed) and run again
                  exit code 2 (configuration)
                """, block);
    }

    @Test
    void causeAlreadyInTheMessageIsNotRepeated() {
        SnapshotSyncException failure = SnapshotSyncException.target("target: S3 said 'Access Denied' for 'bucket'.",
                new IOException("Access Denied"));

        assertFalse(new ErrorBlock(failure, Optional.empty()).render().contains("cause:"));
    }

    @Test
    void unexpectedFailureIsExitOneWithItsStackTrace() {
        ErrorBlock block = new ErrorBlock(new IllegalStateException("plan has no partitions"), Optional.empty());

        String text = block.render();

        assertEquals(1, block.kind().exitCode());
        assertTrue(text.startsWith("snapshot-sync: unexpected failure: java.lang.IllegalStateException: plan has no "
                + "partitions\n  to do: this is a bug: please report it with the stack trace below\n"
                + "  exit code 1 (internal); stack trace:\njava.lang.IllegalStateException: plan has no partitions\n"
                + "\tat dev.snapshotsync.job.ErrorBlockTest."), text);
    }
}
