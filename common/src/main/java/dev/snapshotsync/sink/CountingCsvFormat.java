package dev.snapshotsync.sink;

import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.csv.CSVFileFormat;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's CSV source, writing the same bytes, with each file's rows counted as they are written
 * ({@link WrittenRows}). Named by its class in {@code DataFrameWriter.format}.
 */
public final class CountingCsvFormat extends CSVFileFormat {
    @Override
    public OutputWriterFactory prepareWrite(SparkSession spark, Job job,
                                            scala.collection.immutable.Map<String, String> options, StructType schema) {
        return WrittenRows.counting(super.prepareWrite(spark, job, options, schema), options);
    }
}
