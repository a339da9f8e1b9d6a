package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.config.CsvSettings;
import dev.snapshotsync.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV row count taken in the driver (univocity, set up as Spark's CSV source sets it up) is
 * the count Spark's multi-line CSV read gives, on the files that are hard to count: line breaks and
 * quotes inside values, CRLF, empty lines, a byte order mark, a header alone, an empty file, gzip,
 * and a dialect with another delimiter, quote and escape.
 */
class CsvRowCountTest {
    private static final CsvSettings RFC_4180 = new CsvSettings(",", "\"", "\"", "", false, "\n", "none", false);
    private static final CsvSettings OTHER = new CsvSettings(";", "'", "\\", "", false, "\r\n", "none", false);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void driverCountEqualsSparksCountOnHardFiles() throws IOException {
        assertSameCount(RFC_4180, "plain.csv", "id,v\n1,a\n2,b\n");
        assertSameCount(RFC_4180, "no-final-newline.csv", "id,v\n1,a\n2,b");
        assertSameCount(RFC_4180, "breaks-and-quotes.csv",
                "id,v\n1,\"line one\nline two\"\n2,\"say \"\"hi\"\", then\r\nleave\"\n3,\"\"\n4,\n");
        assertSameCount(RFC_4180, "crlf.csv", "id,v\r\n1,a\r\n2,\"b\r\nc\"\r\n3,d\r\n");
        assertSameCount(RFC_4180, "empty-lines.csv", "id,v\n1,a\n\n2,b\n\n");
        assertSameCount(RFC_4180, "bom.csv", "\uFEFFid,v\n1,a\n2,b\n");
        assertSameCount(RFC_4180, "header-only.csv", "id,v\n");
        assertSameCount(RFC_4180, "empty.csv", "");
        assertSameCount(RFC_4180, "gzip.csv.gz", "id,v\n1,\"x\ny\"\n2,b\n3,c\n");
        assertSameCount(OTHER, "other-dialect.csv",
                "id;v\r\n1;'it\\'s; fine'\r\n2;'two\r\nlines'\r\n3;plain\r\n");
    }

    private void assertSameCount(CsvSettings csv, String name, String text) throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        SparkSession spark = TestSpark.session();
        long sparks = spark.read().format("csv").option("header", "true").option("multiLine", "true")
                .option("sep", csv.delimiter()).option("quote", csv.quote()).option("escape", csv.escape())
                .load(file.toString()).count();
        Configuration conf = new Configuration();
        FileSystem local = FileSystem.getLocal(conf);
        long driver = RowCounter.csvRows(local, local.getFileStatus(new Path(file.toUri())),
                new CompressionCodecFactory(conf), csv);
        assertEquals(sparks, driver, name);
    }
}
