package dev.snapshotsync.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a verified staging directory into a day folder. Readers take a day as published only when
 * it has {@code _SUCCESS}: it is removed first and written last, so at no time does a folder hold
 * {@code _SUCCESS} next to a mix of old and new files.
 */
public final class DayPublisher {
    private final FileSystem fs;

    public DayPublisher(FileSystem fs) {
        this.fs = fs;
    }

    /** Returns the published data files, in name order. */
    public List<Path> publish(Path staged, Path day, String runId) throws IOException {
        fs.delete(new Path(day, TargetLocation.SUCCESS), false);
        fs.delete(day, true);
        List<Path> published = new ArrayList<>();
        for (FileStatus file : dataFiles(staged)) {
            Path destination = new Path(day, file.getPath().getName());
            if (!fs.rename(file.getPath(), destination)) {
                throw new IOException("could not move '" + file.getPath() + "' to '" + destination + "'");
            }
            published.add(destination);
        }
        try (FSDataOutputStream out = fs.create(new Path(day, TargetLocation.SUCCESS), true)) {
            out.write(("run " + runId + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return published;
    }

    /** Spark's part files; not its own _SUCCESS marker nor local checksum files. */
    private List<FileStatus> dataFiles(Path staged) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(staged)) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(status);
            }
        }
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return files;
    }
}
