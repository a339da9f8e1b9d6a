package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.SnapshotSyncException;
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
import org.apache.spark.sql.SparkSession;

/**
 * Counts the rows that are really in the written files, per file: the manifest records them, and
 * their sum is compared with the rows read from the source. Parquet files are counted from their
 * footers (the row count of every row group), without reading data. A CSV or JSON Lines file was
 * counted by its task as the rows went in ({@link WrittenRows}); a file up to
 * {@link #DRIVER_PARSE_LIMIT} is also read back in the driver's I/O threads, where that is cheap,
 * and the two counts must agree. CSV is parsed back with the options it was written with, which
 * also proves it parses (CSV quoting of line breaks, for one), by univocity, the parser Spark's
 * CSV source uses, set up as Spark sets it up for a multi-line read; JSON Lines hold one row per
 * line (a line break inside a value is escaped), so their line breaks are counted straight from
 * the file as written, through its compression codec. A larger file is read back only when its
 * task's count is missing: CSV by a Spark count on the executors, where a large file's bytes
 * belong, JSON Lines by their line breaks. Reading a large file back cost a fifth of a CSV run's
 * time on S3 (issue 15).
 *
 * <p>One count per file rather than one grouped by {@code input_file_name()}: the grouping hashes
 * the file name for every row, which cost more than the parsing itself.
 */
public final class RowCounter {
    /** CSV and JSON Lines files up to this size are read back in the driver; larger ones are not, when counted as written. */
    static final long DRIVER_PARSE_LIMIT = 32L * 1024 * 1024;

    private final SparkSession spark;
    private final TargetSettings target;
    /** Text files up to this size are read back even when their task counted them. */
    private final long parseLimit;

    public RowCounter(SparkSession spark, TargetSettings target) {
        this(spark, target, DRIVER_PARSE_LIMIT);
    }

    RowCounter(SparkSession spark, TargetSettings target, long parseLimit) {
        this.spark = requireNonNull(spark, "spark is null");
        this.target = requireNonNull(target, "target is null");
        this.parseLimit = parseLimit;
    }

    /** Rows per file name of the data files under a directory of CSV, JSON Lines or Parquet files (Delta stages Parquet). */
    public Map<String, Long> perFile(FileSystem fs, Path directory) throws IOException {
        return perFile(fs, directory, Map.of());
    }

    /**
     * As {@link #perFile(FileSystem, Path)}, given the rows of CSV or JSON Lines files (by name) as
     * their tasks wrote them.
     */
    public Map<String, Long> perFile(FileSystem fs, Path directory, Map<String, Long> asWritten) throws IOException {
        return perFile(fs, DayPublisher.dataFiles(fs, directory), asWritten, directory);
    }

    /** As {@link #perFile(FileSystem, Path, Map)}, of the data files of {@code directory} as listed. */
    Map<String, Long> perFile(FileSystem fs, List<FileStatus> files, Map<String, Long> asWritten, Path directory)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
        List<Long> counts = IoTasks.map(files, file -> switch (target.format()) {
                    case PARQUET, DELTA -> footerRows(file, conf);
                    case CSV, JSON -> textRows(fs, file, codecs, asWritten.get(file.getPath().getName()));
                },
                "counting the rows of the files under " + directory);
        Map<String, Long> byName = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byName.put(files.get(i).getPath().getName(), counts.get(i));
        }
        return byName;
    }

    /** The rows of a CSV or JSON Lines file: its task's count, checked against the file where that is cheap. */
    private long textRows(FileSystem fs, FileStatus file, CompressionCodecFactory codecs, Long asWritten)
            throws IOException {
        boolean small = file.getLen() <= parseLimit;
        if (asWritten != null && !small) {
            return asWritten;
        }
        long read = switch (target.format()) {
            case CSV -> small ? csvRows(fs, file, codecs, target.csv())
                    : reader().load(file.getPath().toString()).count();
            case JSON -> lines(fs, file, codecs);
            case PARQUET, DELTA -> throw new IllegalStateException(target.format() + " files are not text");
        };
        if (asWritten != null && asWritten != read) {
            throw SnapshotSyncException.verification("verification: the staged file '" + file.getPath()
                    + "' holds " + read + " rows read back, but its task wrote " + asWritten + " rows into it. "
                    + "Allowed: equal counts. The day was not published; run the export again, and report it if "
                    + "it repeats (the file on the target is not what was written).");
        }
        return read;
    }

    /** Lines of a text file: its line breaks, and a last line without one. */
    private static long lines(FileSystem fs, FileStatus file, CompressionCodecFactory codecs) throws IOException {
        try (InputStream in = openAsWritten(fs, file, codecs)) {
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
    private static InputStream openAsWritten(FileSystem fs, FileStatus file, CompressionCodecFactory codecs)
            throws IOException {
        CompressionCodec codec = codecs.getCodec(file.getPath());
        InputStream raw = KnownFiles.open(fs, file);
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
    static long csvRows(FileSystem fs, FileStatus file, CompressionCodecFactory codecs, CsvSettings csv)
            throws IOException {
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

    static long footerRows(FileStatus file, Configuration conf) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
            return reader.getRecordCount();
        }
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
