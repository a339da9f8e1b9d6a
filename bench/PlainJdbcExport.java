import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * What users write by hand, for comparison with snapshot-sync: Spark's JDBC source read into
 * Parquet. "plain" leaves everything at Spark's defaults (one partition, the driver's default
 * fetch size, which for pgjdbc means the whole result in memory); "tuned" splits the read on the
 * key into --partitions ranges and fetches 10000 rows per round trip.
 *
 * <p>Usage: PlainJdbcExport plain|tuned URL TABLE OUT_DIR [PARTITIONS LOWER UPPER]; the password
 * comes from PGPASSWORD so that it does not show in the process list.
 */
public final class PlainJdbcExport {
    public static void main(String[] args) {
        String mode = args[0];
        SparkSession spark = SparkSession.builder()
                .appName("plain-jdbc-" + mode)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        DataFrameReader reader = spark.read().format("jdbc")
                .option("url", args[1])
                .option("dbtable", args[2])
                .option("user", System.getenv("PGUSER"))
                .option("password", System.getenv("PGPASSWORD"));
        if (mode.equals("tuned")) {
            reader = reader.option("partitionColumn", "id")
                    .option("numPartitions", args[4])
                    .option("lowerBound", args[5])
                    .option("upperBound", args[6])
                    .option("fetchsize", "10000");
        }
        reader.load().write().mode("overwrite").parquet(args[3]);
        spark.stop();
    }
}
