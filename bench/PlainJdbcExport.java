import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * What users write by hand, for comparison with snapshot-sync: Spark's JDBC source read into
 * Parquet. "plain" leaves everything at Spark's defaults (one partition, the driver's default
 * fetch size, which for pgjdbc means the whole result in memory); "tuned" splits the read on the
 * key into --partitions ranges and fetches 10000 rows per round trip. "loop" is the many-tables
 * job: one session, one table after another (names from a file, one a line), each read with the
 * defaults and written as headered CSV to OUT_DIR/<table>.
 *
 * <p>Usage: PlainJdbcExport plain|tuned URL TABLE OUT_DIR [PARTITIONS LOWER UPPER], or
 * PlainJdbcExport loop URL TABLES_FILE OUT_DIR; the password comes from PGPASSWORD so that it does
 * not show in the process list.
 */
public final class PlainJdbcExport {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        SparkSession spark = SparkSession.builder()
                .appName("plain-jdbc-" + mode)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        if (mode.equals("loop")) {
            for (String table : Files.readAllLines(Path.of(args[2]))) {
                read(spark, args[1], table).load().write().mode("overwrite").option("header", "true")
                        .csv(args[3] + "/" + table);
            }
            spark.stop();
            return;
        }
        DataFrameReader reader = read(spark, args[1], args[2]);
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

    private static DataFrameReader read(SparkSession spark, String url, String table) {
        return spark.read().format("jdbc")
                .option("url", url)
                .option("dbtable", table)
                .option("user", System.getenv("PGUSER"))
                .option("password", System.getenv("PGPASSWORD"));
    }
}
