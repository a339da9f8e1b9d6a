package dev.snapshotsync.job;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.shape.Shaper;
import dev.snapshotsync.sink.FilePlan;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.RowCounter;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.sql.Identifier;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.types.TypeMapping;
import dev.snapshotsync.types.ValueKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The training run of bin/snapshot-sync's class data sharing archive, not a command: the script runs
 * it once per built jar under {@code -XX:ArchiveClassesAtExit}, and every later run maps the classes it
 * loaded from the archive instead of finding, reading and verifying them in the jars (issue 14: most of
 * a run's fixed cost is class loading before the first read). It needs no server, and loads what an
 * export loads through the same code: the command line and configuration (an offline validate through
 * {@link Main}), the session ({@link SparkSessions}, as every command starts it), a few rows of every
 * mapped PostgreSQL type shaped by {@link Shaper}, written by {@link FormatWriter} as CSV, JSON Lines
 * and Parquet to a temporary directory and counted by {@link RowCounter} as a run verifies its files,
 * then the S3 and PostgreSQL clients, opened where no server listens.
 */
final class CdsTrainingRun {
    private static final int ROWS = 3;
    private static final List<OutputFormat> FORMATS = List.of(OutputFormat.CSV, OutputFormat.JSON, OutputFormat.PARQUET);

    private CdsTrainingRun() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("snapshot-sync-cds-");
        try {
            Path config = dir.resolve("training.conf");
            Files.writeString(config, configuration(dir));
            int validated = Main.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(System.err, true),
                    "validate", "--offline", "--config", config.toString());
            if (validated != 0) {
                throw new IllegalStateException("the training configuration is invalid (exit " + validated + ")");
            }
            SparkSession spark = SparkSessions.getOrCreate();
            for (OutputFormat format : FORMATS) {
                writeAndCount(spark, config, format, dir.resolve(format.configName()));
            }
            openTheServersClients(spark, config);
            spark.stop();
        } finally {
            delete(dir);
        }
    }

    private static void writeAndCount(SparkSession spark, Path config, OutputFormat format, Path out)
            throws IOException {
        Settings settings = settings(config, spark.sparkContext().hadoopConfiguration(),
                "target.format=" + format.configName());
        TableSettings table = settings.tables().get(0);
        List<SourceColumn> catalog = everyMappedType();
        ColumnPlan plan = ColumnPlanner.plan(table.name(), table.relation().label(), table.contract(), catalog);
        Dataset<Row> shaped = new Shaper(format).shape(rowsOf(spark, catalog), plan).rows();
        new FormatWriter(settings.target()).write(shaped.coalesce(1), out.toUri().toString(), new FilePlan(1, 0));
        org.apache.hadoop.fs.Path written = new org.apache.hadoop.fs.Path(out.toUri());
        long read = new RowCounter(spark, settings.target())
                .perFile(written.getFileSystem(spark.sparkContext().hadoopConfiguration()), written)
                .values().stream().mapToLong(Long::longValue).sum();
        if (read != ROWS) {
            throw new IllegalStateException("counted " + read + " rows of " + ROWS + " in " + out);
        }
    }

    /**
     * S3A with the AWS SDK's client, and pgjdbc, as a run opens them, where no server listens: S3A
     * builds its client without a request (no bucket probe), and the database refuses the connection.
     */
    private static void openTheServersClients(SparkSession spark, Path config) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Configuration hadoopConf = new Configuration(spark.sparkContext().hadoopConfiguration());
        hadoopConf.set("fs.s3a.bucket.probe", "0");
        Settings settings = settings(config, hadoopConf, "target.uri=s3a://training/snapshots",
                "target.s3.endpoint=http://127.0.0.1:" + closedPort, "target.s3.access-key=training",
                "target.s3.secret-key=training", "source.port=" + closedPort);
        S3aConfigurer.open(hadoopConf, settings.target()).close();
        try (Connection connection = PgConnections.resolve(settings.source(), hadoopConf).open()) {
            throw new IllegalStateException("connected to a closed port: " + connection);
        } catch (SnapshotSyncException expected) {
            // Refused, as it should be: the driver's classes are loaded.
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The training configuration with {@code --set} overrides, loaded as a command loads its own. */
    private static Settings settings(Path config, Configuration hadoopConf, String... overrides) {
        ConfigOptions options = new ConfigOptions();
        options.config = config.toString();
        options.overrides = List.of(overrides);
        return ConfigOptions.Loader.load(options, hadoopConf);
    }

    /**
     * A column of each PostgreSQL type name the mapping knows that is read as a kind and Spark type
     * no earlier one was (the same code renders both), and an exact numeric.
     */
    private static List<SourceColumn> everyMappedType() {
        List<SourceColumn> columns = new ArrayList<>();
        record KindAndType(ValueKind kind, DataType sparkType) {}
        Set<KindAndType> seen = new HashSet<>();
        for (TypeMapping.Entry entry : TypeMapping.ENTRIES) {
            for (String type : entry.typeNames()) {
                SourceColumn column = new SourceColumn(new Identifier("c_" + type), type, type, columns.size() + 1);
                TypeMapping.Mapped mapped = TypeMapping.map(column);
                if (seen.add(new KindAndType(mapped.kind(), mapped.sparkType()))) {
                    columns.add(column);
                }
            }
        }
        columns.add(new SourceColumn(new Identifier("c_decimal"), "numeric", "numeric(12,2)", columns.size() + 1));
        return columns;
    }

    private static Dataset<Row> rowsOf(SparkSession spark, List<SourceColumn> catalog) {
        List<Column> values = new ArrayList<>();
        for (SourceColumn column : catalog) {
            TypeMapping.Mapped mapped = TypeMapping.map(column);
            Column value = mapped.kind() == ValueKind.LOCAL_TIMESTAMP
                    ? expr("concat('2026-01-15T08:00:0', id, '.123456')") : value(mapped.sparkType());
            values.add(value.as(column.name().name()));
        }
        return spark.range(ROWS).select(values.toArray(Column[]::new));
    }

    /**
     * A value of the Spark type, from the row's id; strings are JSON text, which every text kind
     * accepts (a timestamp without time zone is read as ISO text, and is given that above).
     */
    private static Column value(DataType type) {
        if (type instanceof ArrayType arrayType) {
            return array(value(arrayType.elementType()), value(arrayType.elementType()));
        }
        if (type.equals(DataTypes.StringType)) {
            return expr("to_json(named_struct('n', id, 'text', concat('row ', id)))");
        }
        if (type.equals(DataTypes.BooleanType)) {
            return expr("id % 2 = 0");
        }
        if (type.equals(DataTypes.DateType)) {
            return expr("date_add(date'2026-01-01', cast(id as int))");
        }
        if (type.equals(DataTypes.TimestampType)) {
            return expr("timestamp_seconds(1767225600 + id)");
        }
        if (type.equals(DataTypes.BinaryType)) {
            return expr("cast(concat('bytes ', id) as binary)");
        }
        return col("id").divide(2).cast(type);
    }

    /** Validated offline and never connected to: the source only has to be complete. */
    private static String configuration(Path dir) {
        return """
                snapshot-sync {
                  source { host = "127.0.0.1", database = training, user = training, password = training,
                           connect-attempts = 1, ssl { mode = require, allow-insecure = true } }
                  target { uri = "%s", encryption.mode = none }
                  tables { training {} }
                }
                """.formatted(dir.resolve("target").toUri());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
