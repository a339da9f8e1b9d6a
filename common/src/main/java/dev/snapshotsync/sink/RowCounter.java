package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Counts the rows that are really in the written files, per file: the manifest records them, and
 * their sum is compared with the rows read from the source. Parquet files are counted from their
 * footers (the row count of every row group), without reading data. CSV files are parsed back
 * with the options they were written with, which also proves they parse (CSV quoting of line
 * breaks, for one): a file up to {@link #DRIVER_PARSE_LIMIT} in the driver's I/O threads by
 * univocity, the parser Spark's CSV source uses, set up as Spark sets it up for a multi-line read;
 * a larger one by a Spark count on the executors, where a large file's bytes belong. For the small
 * files of a run of many small tables a Spark job per file cost more than the parse (about 80 ms
 * a file on two cores). JSON Lines hold one row per line (a line break inside a value is
 * escaped), so their line breaks are counted straight from the file as written, through its
 * compression codec.
 *
 * <p>One count per file rather than one grouped by {@code input_file_name()}: the grouping hashes
 * the file name for every row, which cost more than the parsing itself.
 */
public final class RowCounter {
    /** CSV files up to this size are parsed in the driver; larger ones by a Spark job. */
    static final long DRIVER_PARSE_LIMIT = 32L * 1024 * 1024;

    private final SparkSession spark;
    private final TargetSettings target;

    public RowCounter(SparkSession spark, TargetSettings target) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
    }

    /** Rows per file name of the data files under a directory of CSV, JSON Lines or Parquet files (Delta stages Parquet). */
    public Map<String, Long> perFile(FileSystem fs, Path directory) throws IOException {
        List<FileStatus> files = DayPublisher.dataFiles(fs, directory);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
        List<Long> counts = IoTasks.map(files, file -> switch (target.format()) {
                    case PARQUET, DELTA -> footerRows(file, conf);
                    case JSON -> lines(fs, file, codecs);
                    case CSV -> file.getLen() <= DRIVER_PARSE_LIMIT ? csvRows(fs, file.getPath(), codecs, target.csv())
                            : reader().load(file.getPath().toString()).count();
                },
                "counting the rows of the files under " + directory);
        Map<String, Long> byName = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byName.put(files.get(i).getPath().getName(), counts.get(i));
        }
        return byName;
    }

    /** Lines of a text file: its line breaks, and a last line without one. */
    private static long lines(FileSystem fs, FileStatus file, CompressionCodecFactory codecs) throws IOException {
        try (InputStream in = openAsWritten(fs, file.getPath(), codecs)) {
            byte[] buffer = new byte[64 * 1024];
            long lines = 0;
            int last = '\n';
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (n > 0) {
                    last = buffer[n - 1];
                }
            }
            return last == '\n' ? lines : lines + 1;
        }
    }

    /** A file's bytes as the writer produced them: through the compression codec its name says. */
    private static InputStream openAsWritten(FileSystem fs, Path file, CompressionCodecFactory codecs)
            throws IOException {
        CompressionCodec codec = codecs.getCodec(file);
        InputStream raw = fs.open(file);
        try {
            return codec == null ? raw : codec.createInputStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Rows of a CSV file: its records after the header, as Spark's multi-line CSV read counts them
     * (an empty file has none; empty lines are skipped, as there).
     */
    static long csvRows(FileSystem fs, Path file, CompressionCodecFactory codecs, CsvSettings csv) throws IOException {
        try (InputStream in = openAsWritten(fs, file, codecs);
             Reader text = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            CsvParser parser = new CsvParser(csvParserSettings(csv));
            parser.beginParsing(text);
            long records = 0;
            while (parser.parseNext() != null) {
                records++;
            }
            parser.stopParsing();
            return Math.max(0, records - 1);
        }
    }

    /**
     * Univocity's settings as Spark's CSV source makes them for {@code reader()}'s options (Spark's
     * CSVOptions.asParserSettings, with its defaults): the same dialect, no comment character,
     * whitespace kept, line endings detected (multiLine without lineSep), no column or value limit.
     */
    private static CsvParserSettings csvParserSettings(CsvSettings csv) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(csv.delimiter());
        settings.getFormat().setQuote(csv.quote().charAt(0));
        settings.getFormat().setQuoteEscape(csv.escape().charAt(0));
        settings.getFormat().setComment('\0');
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        settings.setReadInputOnSeparateThread(false);
        settings.setMaxColumns(20480);
        settings.setMaxCharsPerColumn(-1);
        settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
        settings.setLineSeparatorDetectionEnabled(true);
        return settings;
    }

    private static long footerRows(FileStatus file, Configuration conf) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
            return reader.getRecordCount();
        }
    }

    /**
     * Rows per file of rows already selected (one day of a Delta table), by the file's folder and
     * name ({@code snapshot_date=D/part-...}): its path relative to the table.
     */
    public static Map<String, Long> countByFile(Dataset<Row> rows) {
        List<Row> counts = rows.select(functions.input_file_name().as("file"))
                .groupBy("file").count().collectAsList();
        Map<String, Long> byPath = new HashMap<>();
        for (Row row : counts) {
            String file = row.getString(0);
            int name = file.lastIndexOf('/');
            byPath.put(file.substring(file.lastIndexOf('/', name - 1) + 1), row.getLong(1));
        }
        return byPath;
    }

    private DataFrameReader reader() {
        DataFrameReader reader = spark.read();
        return switch (target.format()) {
            case CSV -> reader.format("csv")
                    .option("header", "true")
                    .option("multiLine", "true")
                    .option("sep", target.csv().delimiter())
                    .option("quote", target.csv().quote())
                    .option("escape", target.csv().escape());
            case JSON, PARQUET, DELTA -> throw new IllegalStateException(target.format() + " files are not read back to be "
                    + "counted");
        };
    }
}
