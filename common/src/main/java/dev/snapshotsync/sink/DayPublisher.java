package dev.snapshotsync.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a verified staging directory into a day folder. Readers take a day as published only when
 * it has {@code _SUCCESS}: it is removed first and written last (after {@code _manifest.json}), so
 * at no time does a folder hold {@code _SUCCESS} next to a mix of old and new files.
 */
public final class DayPublisher {
    public static final String MANIFEST = "_manifest.json";

    private final FileSystem fs;

    public DayPublisher(FileSystem fs) {
        this.fs = fs;
    }

    /**
     * Replaces the day's files with the staged ones, each under {@code publishedName} of its staged
     * name, and returns them, as listed afterwards, with their rows from {@code rowsPerFile} (by
     * staged file name). The files are moved several at once: on S3 each move is a copy.
     */
    public List<WrittenFile> moveIn(Path staged, Path day, Map<String, Long> rowsPerFile,
                                    UnaryOperator<String> publishedName) throws IOException {
        unpublish(day);
        fs.delete(day, true);
        fs.mkdirs(day);
        Map<String, Long> rowsByPublishedName = new HashMap<>();
        rowsPerFile.forEach((name, rows) -> rowsByPublishedName.put(publishedName.apply(name), rows));
        IoTasks.map(dataFiles(staged), file -> {
            Path destination = new Path(day, publishedName.apply(file.getPath().getName()));
            if (!fs.rename(file.getPath(), destination)) {
                throw new IOException("could not move '" + file.getPath() + "' to '" + destination + "'");
            }
            return destination;
        }, "moving files into " + day);
        List<WrittenFile> published = new ArrayList<>();
        for (FileStatus file : dataFiles(day)) {
            published.add(new WrittenFile(file.getPath(), file.getLen(),
                    rowsByPublishedName.getOrDefault(file.getPath().getName(), 0L)));
        }
        return published;
    }

    /** Takes the day off the published list; its files stay until replaced. */
    public void unpublish(Path day) throws IOException {
        fs.delete(new Path(day, TargetLocation.SUCCESS), false);
    }

    /** The last write of a publish. */
    public void markPublished(Path day, String runId) throws IOException {
        try (FSDataOutputStream out = fs.create(new Path(day, TargetLocation.SUCCESS), true)) {
            out.write(("run " + runId + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Data files: not Spark's or our markers ({@code _*}) nor local checksum files ({@code .*}). */
    public List<FileStatus> dataFiles(Path directory) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(status);
            }
        }
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return files;
    }
}
