package dev.snapshotsync.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes records as indented JSON objects (Jackson as shipped by Spark), through the target's FileSystem. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {}

    public static void write(FileSystem fs, Path file, Object record) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(JSON.writeValueAsBytes(record));
        }
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
