package dev.snapshotsync.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes records as indented JSON objects (Jackson as shipped by Spark), through the target's FileSystem. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CREATE_PERFORMANCE = "fs.s3a.create.performance";

    private JsonFiles() {}

    public static void write(FileSystem fs, Path file, Object record) throws IOException {
        try (OutputStream out = overwrite(fs, file)) {
            out.write(JSON.writeValueAsBytes(record));
        }
    }

    /**
     * Creates a small object the job writes whole (a manifest, {@code _SUCCESS}, a lease, a run
     * report) over whatever is at that path, without S3A's checks that no directory is there (a
     * HEAD and a LIST per object, {@code fs.s3a.create.performance}): the job writes such objects
     * only at paths of its own layout, and on S3 every check is a request. Parent folders are
     * created where the file system has them; other file systems ignore the option.
     */
    public static FSDataOutputStream overwrite(FileSystem fs, Path file) throws IOException {
        // FileSystem.createFile returns the raw builder type, whose build() is typed Object.
        return (FSDataOutputStream) fs.createFile(file).overwrite(true).recursive().opt(CREATE_PERFORMANCE, "true")
                .build();
    }

    /** Reads one record back (Jackson maps records through their canonical constructor). */
    public static <T> T read(FileSystem fs, Path file, Class<T> type) throws IOException {
        try (java.io.InputStream in = fs.open(file)) {
            return JSON.readValue(in, type);
        }
    }

    public static String toolVersion() {
        String version = JsonFiles.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
