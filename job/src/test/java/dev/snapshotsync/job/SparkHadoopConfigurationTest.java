package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The Hadoop configuration an s3:// config file is read with before Spark starts. */
class SparkHadoopConfigurationTest {
    @Test
    void takesSparkHadoopPropertiesWithoutTheirPrefixAndNothingElse() {
        Configuration conf = SparkHadoopConfiguration.fromSystemProperties(Map.of(
                "spark.hadoop.fs.s3a.bucket.my-config.endpoint", "https://127.0.0.1:9191",
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.master", "local[2]",
                "fs.snapshotsync.unprefixed", "not a Spark property"));

        assertEquals("https://127.0.0.1:9191", conf.get("fs.s3a.bucket.my-config.endpoint"));
        assertEquals("true", conf.get("fs.s3a.path.style.access"));
        assertNull(conf.get("fs.snapshotsync.unprefixed"));
        assertNull(conf.get("spark.master"));
        assertNull(conf.get("master"));
    }
}
