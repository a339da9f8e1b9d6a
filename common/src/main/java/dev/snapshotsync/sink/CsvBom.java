package dev.snapshotsync.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts the UTF-8 byte order mark in front of every staged CSV file. Spark's CSV writer has no
 * such option (its {@code encoding} never writes a BOM for UTF-8), so each file is copied once,
 * as a stream, into a sibling directory; gzip files are decompressed and compressed again so the
 * mark is inside the text, where readers look for it.
 */
public final class CsvBom {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final FileSystem fs;

    public CsvBom(FileSystem fs) {
        this.fs = fs;
    }

    /** Returns the directory holding the marked copies. */
    public Path prefix(Path staged, Path marked, boolean gzip) throws IOException {
        for (FileStatus file : new DayPublisher(fs).dataFiles(staged)) {
            Path target = new Path(marked, file.getPath().getName());
            try (InputStream raw = fs.open(file.getPath());
                 InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                 OutputStream rawOut = fs.create(target, false);
                 OutputStream out = gzip ? new GZIPOutputStream(rawOut) : rawOut) {
                out.write(BOM);
                in.transferTo(out);
            }
        }
        return marked;
    }
}
