package dev.snapshotsync.sink;

import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes one table's rows as CSV, JSON Lines or Parquet files into a (staging) directory. */
public final class FormatWriter {
    /** ISO 8601 with microseconds; the session time zone is UTC, so instants end in Z. */
    static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

    private final TargetSettings target;

    public FormatWriter(TargetSettings target) {
        this.target = target;
    }

    /** {@code rows} are already shaped by {@link FilePlan#apply}; the plan adds the rows-per-file cap. */
    public void write(Dataset<Row> rows, String directory, FilePlan plan) {
        if (target.format() == OutputFormat.DELTA) {
            throw new IllegalStateException("Delta tables are written by DeltaDayWriter");
        }
        // JSON Lines arrive rendered by the shape step (one string per row, so jsonb can nest):
        // Spark's text source writes them as they are; the files are then named .json.
        boolean jsonLines = target.format() == OutputFormat.JSON;
        DataFrameWriter<Row> writer = rows.write()
                .mode(SaveMode.ErrorIfExists)
                .format(jsonLines ? "text" : target.format().configName())
                .options(options(target))
                .options(plan.writerOptions());
        if (target.format() == OutputFormat.CSV) {
            writer.option("lineSep", CsvFinisher.sparkLineSeparator(target.csv()));
        }
        writer.save(directory);
        if (jsonLines) {
            renameTextParts(rows.sparkSession(), directory);
        }
    }

    private static void renameTextParts(SparkSession spark, String directory) {
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus part : fs.listStatus(dir, p -> p.getName().startsWith("part-"))) {
                String name = part.getPath().getName();
                if (!fs.rename(part.getPath(), new Path(dir, name.replaceFirst("\\.txt(\\.|$)", ".json$1")))) {
                    throw new IOException("rename of " + part.getPath() + " failed");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("naming the JSON Lines files under " + directory, e);
        }
    }

    /**
     * The options of the configured format as the manifest reports them; the CSV line separator
     * Spark gets may differ (see {@link CsvFinisher}).
     */
    public static Map<String, String> options(TargetSettings target) {
        Map<String, String> options = new LinkedHashMap<>();
        switch (target.format()) {
            case CSV -> options.putAll(csvOptions(target.csv()));
            case JSON -> {
                options.put("lineSep", "\n");
                options.put("compression", target.formats().jsonCompression());
            }
            case PARQUET, DELTA -> options.put("compression", target.formats().parquetCompression());
        }
        return options;
    }

    /** RFC 4180 by default: header, quotes doubled (escape = quote), empty string distinct from NULL. */
    static Map<String, String> csvOptions(CsvSettings csv) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("header", "true");
        options.put("sep", csv.delimiter());
        options.put("quote", csv.quote());
        options.put("escape", csv.escape());
        options.put("nullValue", csv.nullValue());
        options.put("emptyValue", csv.quote() + csv.quote());
        options.put("quoteAll", Boolean.toString(csv.quoteAll()));
        options.put("lineSep", csv.lineSeparator());
        options.put("encoding", "UTF-8");
        options.put("compression", csv.compression());
        options.put("timestampFormat", TIMESTAMP_FORMAT);
        options.put("ignoreLeadingWhiteSpace", "false");
        options.put("ignoreTrailingWhiteSpace", "false");
        return options;
    }
}
