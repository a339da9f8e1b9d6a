package dev.snapshotsync.job.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-partition export logs its progress per finished partition and at the configured interval. */
class ProgressReportTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("progress");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT g, repeat('x', 40) FROM generate_series(1, 20000) g",
                "ANALYZE orders");
    }

    @Test
    void progressLinesAreLoggedPerPartitionAndAtTheInterval() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "progress"), """
                snapshot-sync.run.progress-interval = 20ms
                snapshot-sync.tables { orders { partition.count = 4 } }
                """);

        List<String> lines = capturingProgress(() -> {
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-03-01");
            assertEquals(0, result.exitCode(), result.toString());
        });

        List<String> perPartition = lines.stream().filter(l -> l.startsWith("table orders: partition done: ")).toList();
        assertEquals(4, perPartition.size(), lines.toString());
        assertTrue(perPartition.stream().anyMatch(l -> l.startsWith("table orders: partition done: 1/4 partitions, ")
                && l.contains(" rows/s, about ") && l.endsWith(" s left (of ~20,000 rows estimated)")), lines.toString());
        assertTrue(perPartition.stream().anyMatch(l -> l.startsWith("table orders: partition done: 4/4 partitions, "
                + "20,000 rows, ") && l.endsWith(" rows/s, finishing")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("table orders: running: \\d/4 partitions, [\\d,]+ rows, "
                + "[\\d,]+ rows/s, .+")), lines.toString());
    }

    /** Runs {@code work} with an extra log4j2 appender on the reporter's logger and returns its lines. */
    private static List<String> capturingProgress(Runnable work) {
        List<String> lines = new CopyOnWriteArrayList<>();
        AbstractAppender appender = new AbstractAppender("progress-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig logger = context.getConfiguration().getLoggerConfig(ProgressReporter.class.getName());
        logger.addAppender(appender, null, null);
        try {
            work.run();
        } finally {
            logger.removeAppender(appender.getName());
            appender.stop();
        }
        return List.copyOf(lines);
    }
}
