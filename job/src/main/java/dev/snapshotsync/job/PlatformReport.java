package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.VersionInfo;
import org.apache.spark.sql.SparkSession;
import scala.util.Properties;

/**
 * What the platform put under the job: Spark, Scala, Java, Hadoop and Delta versions and the
 * filesystem class serving {@code s3://}. Logged first on every run, so a difference between Glue,
 * EMR and a laptop shows in the first lines of the log rather than as a puzzling failure later.
 */
record PlatformReport(String spark, String scala, String java, String hadoop, String delta, String s3FileSystem) {
    static final String ABSENT = "none";
    static final String S3_BY_S3A = "nothing from the platform (S3A will serve it)";

    PlatformReport {
        requireNonNull(spark, "spark is null");
        requireNonNull(scala, "scala is null");
        requireNonNull(java, "java is null");
        requireNonNull(hadoop, "hadoop is null");
        requireNonNull(delta, "delta is null");
        requireNonNull(s3FileSystem, "s3FileSystem is null");
    }

    static PlatformReport of(SparkSession spark) {
        return new PlatformReport(spark.version(), Properties.versionNumberString(),
                System.getProperty("java.vendor") + " " + Runtime.version(), VersionInfo.getVersion(), deltaVersion(),
                s3FileSystem(spark.sparkContext().hadoopConfiguration()));
    }

    String render() {
        return "Spark " + spark + ", Scala " + scala + ", Java " + java + ", Hadoop " + hadoop + ", Delta " + delta
                + ", s3:// served by " + s3FileSystem;
    }

    /**
     * Delta is optional on the platforms (Glue adds it with {@code --datalake-formats delta}). Its
     * version lives in the Scala package object {@code io.delta.package}, whose name Java cannot
     * spell, hence reflection.
     */
    private static String deltaVersion() {
        try {
            return (String) Class.forName("io.delta.package").getMethod("VERSION").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return ABSENT;
        }
    }

    /**
     * EMR and Glue serve s3:// with their own filesystem (EMRFS), which ignores the fs.s3a.* settings;
     * elsewhere nothing does, and the job has S3A serve it.
     */
    static String s3FileSystem(Configuration conf) {
        try {
            return FileSystem.getFileSystemClass("s3", conf).getName();
        } catch (IOException | RuntimeException | LinkageError e) {
            return S3_BY_S3A;
        }
    }
}
