package dev.snapshotsync.sink;

import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Writes one table's rows as CSV, JSON Lines or Parquet files into a (staging) directory. */
public final class FormatWriter {
    /** ISO 8601 with microseconds; the session time zone is UTC, so instants end in Z. */
    static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

    private static final String OUTPUT_COMMITTER = "spark.sql.sources.outputCommitterClass";
    private static final String PARQUET_OUTPUT_COMMITTER = "spark.sql.parquet.output.committer.class";

    private final TargetSettings target;

    public FormatWriter(TargetSettings target) {
        this.target = target;
    }

    /**
     * {@code rows} are already shaped by {@link FilePlan#apply}; the plan adds the rows-per-file cap.
     * A Delta table's day is staged as Parquet: DeltaDayWriter commits it once the run is verified.
     * Returns the rows of each CSV or JSON Lines file (by name) as the tasks wrote them; nothing
     * for Parquet, whose files' footers hold their rows.
     */
    public Map<String, Long> write(Dataset<Row> rows, String directory, FilePlan plan) {
        // JSON Lines are made from the shape step's columns by JsonLinesFormat (so jsonb can nest)
        // and written through Spark's text source; they are named .json when published.
        String format = switch (target.format()) {
            case CSV -> CountingCsvFormat.class.getName();
            case JSON -> JsonLinesFormat.class.getName();
            case PARQUET, DELTA -> "parquet";
        };
        DataFrameWriter<Row> writer = rows.write()
                .mode(SaveMode.ErrorIfExists)
                .format(format)
                .options(options(target))
                .options(plan.writerOptions());
        if (target.format() == OutputFormat.CSV) {
            writer.option("lineSep", CsvFinisher.sparkLineSeparator(target.csv()));
        }
        if (rows.sparkSession().sparkContext().conf().getBoolean("spark.speculation", false)) {
            // Two attempts of a task at once need Hadoop's renames; version 2 renames once per
            // file (at task commit) instead of twice. On S3 every rename is a copy.
            writer.option("mapreduce.fileoutputcommitter.algorithm.version", "2");
        } else {
            // Spark's commit protocol takes the committer from these (Parquet's has its own key).
            writer.option(OUTPUT_COMMITTER, InPlaceCommitter.class.getName());
            writer.option(PARQUET_OUTPUT_COMMITTER, InPlaceCommitter.class.getName());
        }
        if (target.format() == OutputFormat.PARQUET || target.format() == OutputFormat.DELTA) {
            writer.save(directory);
            return Map.of();
        }
        try (WrittenRows written = WrittenRows.open(rows.sparkSession())) {
            writer.option(WrittenRows.OPTION, written.key()).save(directory);
            return written.perFile();
        }
    }

    /**
     * The name a staged file is published under: Spark's text source names JSON Lines files
     * {@code part-*.txt}; they become {@code .json} when they move into the day, so that no extra
     * copy is made (a rename on S3 is a copy).
     */
    public static String publishedName(OutputFormat format, String stagedName) {
        return format == OutputFormat.JSON ? stagedName.replaceFirst("\\.txt(\\.|$)", ".json$1") : stagedName;
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
