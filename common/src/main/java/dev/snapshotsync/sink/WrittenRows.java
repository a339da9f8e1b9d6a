package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The rows of each file of one write, counted in the task as the rows go into the file: Spark's
 * own CSV writer and the JSON Lines writer ({@link CountingCsvFormat}, {@link JsonLinesFormat})
 * with a count around each of their files, reported through an accumulator when the file is
 * closed. Spark applies a write task's accumulator updates once per partition, and only those of
 * the attempt that succeeded, so a retried task's files are counted once. The write names its counts by a
 * writer option ({@link #OPTION}) that the format looks up on the driver, where it prepares the
 * write; the counts live as long as this object is open.
 *
 * <p>These counts spare reading a large CSV or JSON Lines file back to count it (RowCounter); a
 * small file is still parsed back as well, and the two counts must agree.
 */
public final class WrittenRows implements AutoCloseable {
    /** The writer option that names a write's counts. */
    static final String OPTION = "snapshotsync.written-rows";

    private static final Map<String, CollectionAccumulator<FileRows>> OPEN = new ConcurrentHashMap<>();

    private final String key;
    private final CollectionAccumulator<FileRows> counts;

    private WrittenRows(String key, CollectionAccumulator<FileRows> counts) {
        this.key = key;
        this.counts = counts;
    }

    /** Counts for one write, registered with the session's Spark context. */
    static WrittenRows open(SparkSession spark) {
        CollectionAccumulator<FileRows> counts = spark.sparkContext().collectionAccumulator();
        WrittenRows written = new WrittenRows(UUID.randomUUID().toString(), counts);
        OPEN.put(written.key, counts);
        return written;
    }

    /** The value of {@link #OPTION} for the write. */
    String key() {
        return key;
    }

    /**
     * Rows per file name, for the files the write's successful tasks closed. A name reported twice
     * (which Spark's accumulator rules exclude) is left out, so that its file is counted by reading
     * it back.
     */
    Map<String, Long> perFile() {
        Map<String, Long> rows = new HashMap<>();
        Set<String> twice = new HashSet<>();
        for (FileRows file : counts.value()) {
            if (rows.put(file.name(), file.rows()) != null) {
                twice.add(file.name());
            }
        }
        rows.keySet().removeAll(twice);
        return rows;
    }

    @Override
    public void close() {
        OPEN.remove(key);
    }

    /** {@code files} with each file's rows counted into the counts the write's options name. */
    static OutputWriterFactory counting(OutputWriterFactory files, scala.collection.immutable.Map<String, String> options) {
        scala.Option<String> key = options.get(OPTION);
        CollectionAccumulator<FileRows> counts = key.isDefined() ? OPEN.get(key.get()) : null;
        if (counts == null) {
            throw new IllegalStateException("a counting write needs the option " + OPTION + " of open WrittenRows");
        }
        return new CountingFactory(files, counts);
    }

    /** One file's rows: its name (without the folder) and the rows the task wrote into it. */
    record FileRows(String name, long rows) implements Serializable {
        FileRows {
            requireNonNull(name, "name is null");
        }
    }

    private static final class CountingFactory extends OutputWriterFactory {
        private static final long serialVersionUID = 1L;
        private final OutputWriterFactory files;
        private final CollectionAccumulator<FileRows> counts;

        CountingFactory(OutputWriterFactory files, CollectionAccumulator<FileRows> counts) {
            this.files = files;
            this.counts = counts;
        }

        @Override
        public String getFileExtension(TaskAttemptContext context) {
            return files.getFileExtension(context);
        }

        @Override
        public OutputWriter newInstance(String path, StructType schema, TaskAttemptContext context) {
            return new CountingWriter(files.newInstance(path, schema, context), counts);
        }
    }

    private static final class CountingWriter extends OutputWriter {
        private final OutputWriter file;
        private final CollectionAccumulator<FileRows> counts;
        private long rows;

        CountingWriter(OutputWriter file, CollectionAccumulator<FileRows> counts) {
            this.file = file;
            this.counts = counts;
        }

        @Override
        public void write(InternalRow row) {
            file.write(row);
            rows++;
        }

        @Override
        public void close() {
            file.close();
            String path = file.path();
            counts.add(new FileRows(path.substring(path.lastIndexOf('/') + 1), rows));
        }

        @Override
        public String path() {
            return file.path();
        }
    }
}
