package dev.snapshotsync.job;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The Hadoop configuration a run's session will have, for reading an {@code s3://} configuration
 * file before Spark starts (a typo in it then costs no SparkContext).
 */
final class SparkHadoopConfiguration {
    private static final String SPARK_HADOOP = "spark.hadoop.";

    private SparkHadoopConfiguration() {}

    /**
     * The running session's, when there is one (a notebook, a platform that made it, a test JVM);
     * otherwise built as {@code SparkContext} builds its own: the {@code *-site.xml} files on the
     * class path plus every {@code spark.hadoop.*} Spark property, which spark-submit, EMR and Glue
     * pass to the driver as system properties ({@code --conf spark.hadoop.fs.s3a.endpoint=...}).
     */
    static Configuration beforeSession() {
        return SparkSession.getDefaultSession().isDefined()
                ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
                : fromSystemProperties(System.getProperties());
    }

    static Configuration fromSystemProperties(Map<Object, Object> properties) {
        Configuration conf = new Configuration();
        properties.forEach((key, value) -> {
            if (key instanceof String name && name.startsWith(SPARK_HADOOP) && value instanceof String text) {
                conf.set(name.substring(SPARK_HADOOP.length()), text);
            }
        });
        return conf;
    }
}
