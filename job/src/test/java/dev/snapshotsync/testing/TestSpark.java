package dev.snapshotsync.testing;

import dev.snapshotsync.sink.DeltaDayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One local Spark session per test JVM, created on first use; the job under test picks it up. */
public final class TestSpark {
    /**
     * Sizing for a small local session, as Spark settings: shuffles in 2 partitions, and Delta's
     * snapshot state in 2 (its default, 50, is sized for large logs on a cluster; the tests' logs
     * hold a few commits, on 2 cores). This JVM's session and the JVMs the tests start use them.
     */
    public static final Map<String, String> SMALL_SESSION = Map.of("spark.sql.shuffle.partitions", "2",
            "spark.databricks.delta.snapshotPartitions", "2");

    private static SparkSession session;
    private static Path eventLogs;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            if (TestEnv.available()) {
                // The servers' trust store goes into the JVM's settings before Spark starts anything
                // that may create the default SSL context; Spark-only tests run without the servers.
                TestEnv.get("pg.host");
            }
            try {
                eventLogs = Files.createTempDirectory("snapshot-sync-spark-events");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SparkSession.Builder builder = SparkSession.builder();
            // As the job's own session (SparkSessions): Delta's extension and catalog, for target.format = delta.
            DeltaDayWriter.SESSION_SETTINGS.forEach(builder::config);
            SMALL_SESSION.forEach(builder::config);
            session = builder
                    .master("local[2]")
                    .appName("snapshot-sync-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.ansi.enabled", "true")
                    .config("spark.hadoop.fs.s3a.connection.establish.timeout", "5000")
                    .config("spark.hadoop.fs.s3a.attempts.maximum", "2")
                    .config("spark.hadoop.fs.s3a.retry.limit", "2")
                    // S3 faults (S3FaultProxy) fail fast: S3A retries throttling (503) 20 times by default.
                    .config("spark.hadoop.fs.s3a.retry.interval", "100ms")
                    .config("spark.hadoop.fs.s3a.retry.throttle.limit", "2")
                    .config("spark.hadoop.fs.s3a.retry.throttle.interval", "100ms")
                    // Event logs on, so tests can show that no secret reaches them.
                    .config("spark.eventLog.enabled", "true")
                    .config("spark.eventLog.dir", eventLogs.toUri().toString())
                    .config("spark.eventLog.compress", "false")
                    .getOrCreate();
        }
        return session;
    }

    /** {@link #SMALL_SESSION} as system properties for a JVM the tests start ({@code -Dkey=value}). */
    public static List<String> smallSessionOptions() {
        return SMALL_SESSION.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    /** Where this JVM's Spark event logs go. */
    public static synchronized Path eventLogs() {
        session();
        return eventLogs;
    }
}
