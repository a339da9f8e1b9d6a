package dev.snapshotsync.source;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark DataSource V2 source that reads a table through PostgreSQL's binary COPY: one Spark
 * partition per group of planned partitions (at most source.max-connections), each running its
 * COPY statements one after another in one read-only transaction that joined the run's snapshot.
 *
 * <p>The read is handed over by reference: the driver registers the {@link CopyRead} and passes
 * only its id as the source's option, because options show up in plans, the Spark UI and event
 * logs, while the connection properties hold the password. The read itself travels to executors
 * inside the input partitions. A Dataset can be planned again at any time and must still find its
 * read, so a registration lives until whoever loaded it calls {@link #release} (the
 * {@link TableReader} that made it, when the run is done with the table): a long-lived driver
 * (a notebook, a Glue interactive session) keeps no connection properties of finished runs.
 */
public final class CopySource implements TableProvider {
    private static final String READ_ID = "read-id";
    private static final Map<String, CopyRead> READS = new ConcurrentHashMap<>();

    /** The rows of a COPY read, as a Dataset with the read's schema, and the id to release it by. */
    static Loaded load(SparkSession spark, CopyRead read) {
        String id = UUID.randomUUID().toString();
        READS.put(id, read);
        return new Loaded(id, spark.read().format(CopySource.class.getName()).option(READ_ID, id).load());
    }

    /** Forgets a read: its Dataset cannot be planned again. */
    static void release(String id) {
        READS.remove(id);
    }

    /** How many reads this driver holds (for the tests that show a run leaves none behind). */
    public static int registeredReads() {
        return READS.size();
    }

    record Loaded(String id, Dataset<Row> rows) {}

    private static CopyRead registered(Map<String, String> options) {
        String id = options.get(READ_ID);
        CopyRead read = id == null ? null : READS.get(id);
        if (read == null) {
            throw new IllegalStateException("no COPY read registered under '" + id + "' in this driver; "
                    + CopySource.class.getName() + " is only used through CopySource.load");
        }
        return read;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return registered(options).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new CopyTable(registered(properties));
    }

    /** The table, its scan and its batch in one: a COPY read has no pushdown to negotiate. */
    static final class CopyTable implements SupportsRead, ScanBuilder, Scan, Batch {
        private final CopyRead read;

        CopyTable(CopyRead read) {
            this.read = read;
        }

        @Override
        public String name() {
            return "copy " + read.table();
        }

        @Override
        @SuppressWarnings("deprecation")
        public StructType schema() {
            return read.schema();
        }

        @Override
        public Set<TableCapability> capabilities() {
            return Set.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
            return this;
        }

        @Override
        public Scan build() {
            return this;
        }

        @Override
        public StructType readSchema() {
            return read.schema();
        }

        @Override
        public String description() {
            return read.toString();
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            InputPartition[] partitions = new InputPartition[read.tasks()];
            for (int task = 0; task < partitions.length; task++) {
                partitions[task] = new CopyPartition(read, task);
            }
            return partitions;
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            return new ReaderFactory();
        }
    }

    /** One Spark partition: the read and which of its statements this task runs. */
    record CopyPartition(CopyRead read, int task) implements InputPartition {
        @Override
        public String toString() {
            return read + ", task " + task;
        }
    }

    static final class ReaderFactory implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            CopyPartition copy = (CopyPartition) partition;
            return new CopyPartitionReader(copy.read(), copy.read().statementsOf(copy.task()));
        }
    }
}
