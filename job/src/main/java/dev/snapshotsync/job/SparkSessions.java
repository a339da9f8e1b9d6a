package dev.snapshotsync.job;

import dev.snapshotsync.sink.DeltaDayWriter;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session the job runs in: the platform's (Glue, EMR, spark-submit) when there is one. The
 * settings below are the job's contract whatever the platform defaults are.
 */
final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {}

    static SparkSession getOrCreate() {
        SparkSession.Builder builder = SparkSession.builder().appName("snapshot-sync");
        DeltaDayWriter.SESSION_SETTINGS.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        // Text formats render instants in the session zone: UTC gives ISO 8601 with Z.
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        // Spark 4 turns ANSI mode on by default and 3.5 does not; pin it so both lines behave alike.
        spark.conf().set("spark.sql.ansi.enabled", "true");
        LOG.info("snapshot-sync {} on {}", Main.version(), PlatformReport.of(spark).render());
        return spark;
    }
}
