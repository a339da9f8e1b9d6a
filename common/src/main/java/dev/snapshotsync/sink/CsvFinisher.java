package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.CsvSettings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What Spark's CSV writer cannot do, done in one streamed copy of each staged file into a sibling
 * directory: the UTF-8 byte order mark (its {@code encoding} never writes one), and CRLF record
 * ends. Spark is told to end records with {@code \n} instead of {@code \r\n}, because with
 * {@code \r\n} its writer (univocity) also rewrites line breaks inside quoted values, turning a
 * value's {@code \r\n} into {@code \r\r\n}; here only the line breaks outside quotes change.
 */
public final class CsvFinisher {
    private static final char BOM = '\uFEFF';
    private static final String CRLF = "\r\n";

    private final FileSystem fs;
    private final CsvSettings csv;

    public CsvFinisher(FileSystem fs, CsvSettings csv) {
        this.fs = requireNonNull(fs, "fs is null");
        this.csv = requireNonNull(csv, "csv is null");
    }

    public static boolean needed(CsvSettings csv) {
        return csv.bom() || csv.lineSeparator().equals(CRLF);
    }

    /** The line separator to give Spark. */
    public static String sparkLineSeparator(CsvSettings csv) {
        return needed(csv) ? "\n" : csv.lineSeparator();
    }

    /** Copies every data file of {@code staged} into {@code finished}, which it returns. */
    public Path finish(Path staged, Path finished) throws IOException {
        boolean gzip = csv.compression().equals("gzip");
        for (FileStatus file : DayPublisher.dataFiles(fs, staged)) {
            Path target = new Path(finished, file.getPath().getName());
            try (InputStream raw = fs.open(file.getPath());
                 Reader in = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(raw) : raw,
                         StandardCharsets.UTF_8), 1 << 16);
                 OutputStream rawOut = fs.create(target, false);
                 OutputStream zipped = gzip ? new GZIPOutputStream(rawOut, 1 << 16) : rawOut;
                 Writer out = new BufferedWriter(new OutputStreamWriter(zipped, StandardCharsets.UTF_8), 1 << 16)) {
                if (csv.bom()) {
                    out.write(BOM);
                }
                copy(in, out);
            }
        }
        return finished;
    }

    /** Rewrites record ends outside quoted values; an escape character other than the quote protects the next one. */
    void copy(Reader in, Writer out) throws IOException {
        boolean crlf = csv.lineSeparator().equals(CRLF);
        char quote = csv.quote().charAt(0);
        char escape = csv.escape().charAt(0);
        boolean quoted = false;
        boolean escaped = false;
        char[] buffer = new char[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (escaped) {
                    escaped = false;
                } else if (quoted && c == escape && escape != quote) {
                    escaped = true;
                } else if (c == quote) {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted && crlf) {
                    out.write(CRLF);
                    continue;
                }
                out.write(c);
            }
        }
    }
}
