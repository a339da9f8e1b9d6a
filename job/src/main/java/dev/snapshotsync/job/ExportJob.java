package dev.snapshotsync.job;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.shape.ShapeReport;
import dev.snapshotsync.shape.ShapedTable;
import dev.snapshotsync.shape.Shaper;
import dev.snapshotsync.shape.TypeMapping;
import dev.snapshotsync.sink.DayPublisher;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.sink.TargetErrors;
import dev.snapshotsync.sink.TargetLocation;
import dev.snapshotsync.sink.TargetProbe;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.SourceColumn;
import dev.snapshotsync.source.TableReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export run: probe the target, read the catalog, write every table to staging, verify the
 * encryption of every staged object, then publish each day with {@code _SUCCESS} last. Nothing is
 * published unless every table was written and verified.
 */
public final class ExportJob {
    private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final Settings settings;
    private final Clock clock;

    public ExportJob(SparkSession spark, Settings settings, Clock clock) {
        this.spark = spark;
        this.settings = settings;
        this.clock = clock;
    }

    public RunSummary run(LocalDate date, List<String> tableNames) {
        Instant start = clock.instant();
        TypeMapping.SPARK_SETTINGS.forEach(spark.conf()::set);
        List<TableSettings> tables = settings.select(tableNames);
        String runId = RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        TargetLocation location = new TargetLocation(settings.target().uri());
        LOG.info("run {}: exporting {} table(s) for {} from {} to {}", runId, tables.size(), date,
                settings.source().describe(), location.root());
        FileSystem fs = targetFileSystem();
        Path staging = location.staging(runId);
        new TargetProbe(fs, settings.target()).check(staging);
        try {
            Map<TableSettings, ColumnPlan> plans = readCatalog(tables);
            Map<TableSettings, Staged> staged = new LinkedHashMap<>();
            for (TableSettings table : tables) {
                staged.put(table, writeStaged(table, plans.get(table), location.staging(runId, table.name()).toString()));
            }
            verify(fs, staging);
            List<TableResult> results = new ArrayList<>();
            for (TableSettings table : tables) {
                results.add(publish(fs, location, runId, date, table, staged.get(table)));
            }
            RunSummary summary = new RunSummary(runId, date, results, Duration.between(start, clock.instant()));
            LOG.info("run {} finished: {} table(s) published for {} in {} s", runId, results.size(), date,
                    summary.elapsed().toMillis() / 1000.0);
            return summary;
        } finally {
            deleteQuietly(fs, staging);
        }
    }

    /** Drops the run's staging directory and, when no other run is staging, the empty parent marker. */
    private static void deleteQuietly(FileSystem fs, Path staging) {
        try {
            fs.delete(staging, true);
            FileStatus[] others = fs.listStatus(staging.getParent());
            if (others.length == 0) {
                fs.delete(staging.getParent(), false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete staging directory {}: {}", staging, e.toString());
        }
    }

    private FileSystem targetFileSystem() {
        try {
            S3aConfigurer.apply(spark.sparkContext().hadoopConfiguration(), settings.target());
            return S3aConfigurer.fileSystem(spark.sparkContext().hadoopConfiguration(), settings.target());
        } catch (IOException | RuntimeException e) {
            throw TargetErrors.translate(e, settings.target(), "opening");
        }
    }

    private Map<TableSettings, ColumnPlan> readCatalog(List<TableSettings> tables) {
        Map<TableSettings, ColumnPlan> plans = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        try (Connection connection = PgConnections.open(settings.source())) {
            CatalogReader catalog = new CatalogReader(connection);
            for (TableSettings table : tables) {
                List<SourceColumn> columns = catalog.columns(table.source());
                if (columns.isEmpty()) {
                    missing.add("table '" + table.source() + "' for 'snapshot-sync.tables." + table.name()
                            + "' does not exist in database " + settings.source().describe()
                            + ". Check the schema and table names (case matters for quoted names).");
                    continue;
                }
                try {
                    plans.put(table, ColumnPlanner.plan(table.name(), table.source().toString(), table.contract(),
                            columns));
                } catch (ConfigurationException e) {
                    missing.addAll(e.problems());
                }
            }
        } catch (SQLException e) {
            throw PgConnections.translate(e, settings.source(), "reading the catalog of");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException(missing);
        }
        return plans;
    }

    /** What staging one table produced: its row count and its shape (column plan, sanitize counts). */
    private record Staged(long rows, ShapeReport shape) {}

    private Staged writeStaged(TableSettings table, ColumnPlan plan, String directory) {
        Observation observation = new Observation("rows-" + table.name());
        Dataset<Row> rows = new TableReader(spark, settings.source()).read(table.source(), plan.readColumns())
                .observe(observation, functions.count(functions.lit(1)).as("rows"));
        ShapedTable shaped = new Shaper(settings.target().format()).shape(rows, plan);
        try {
            new FormatWriter(settings.target()).write(shaped.rows(), directory);
        } catch (Exception e) { // Spark's SparkException is checked in Java's terms, though Scala throws it freely
            throw classify(e, table);
        }
        long count = observedRows(observation);
        LOG.info("table {}: {} rows written to staging {}; values changed by sanitize rules: {}", table.name(), count,
                directory, shaped.sanitizeCounts());
        return new Staged(count, new ShapeReport(plan, shaped.sanitizeCounts()));
    }

    private static long observedRows(Observation observation) {
        try {
            return ((Number) observation.getAsJava().get("rows")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the row count", e);
        }
    }

    /** A failed Spark write carries the executor's exception as text; tell source from target by it. */
    private SnapshotSyncException classify(Exception e, TableSettings table) {
        String text = Causes.chainText(e);
        if (text.contains("PSQLException") || text.contains("java.sql.SQLException")) {
            return PgConnections.translate(e, settings.source(), "reading table " + table.source() + " from");
        }
        return TargetErrors.translate(e, settings.target(), "writing table " + table.name() + " to");
    }

    private void verify(FileSystem fs, Path staging) {
        if (settings.target().encryption().mode() != EncryptionMode.SSE_KMS || !settings.target().encryption().verify()) {
            return;
        }
        try {
            int checked = new EncryptionVerifier(fs, settings.target().encryption().kmsKeyId()).verify(staging);
            LOG.info("verified SSE-KMS with key {} on {} staged objects", settings.target().encryption().kmsKeyId(),
                    checked);
        } catch (IOException e) {
            throw TargetErrors.translate(e, settings.target(), "checking the encryption of objects under");
        }
    }

    private TableResult publish(FileSystem fs, TargetLocation location, String runId, LocalDate date,
                                TableSettings table, Staged staged) {
        Path day = location.day(table.name(), date);
        try {
            List<Path> files = new DayPublisher(fs).publish(location.staging(runId, table.name()), day, runId);
            LOG.info("table {}: published {} rows in {} files to {}", table.name(), staged.rows(), files.size(), day);
            return new TableResult(table.name(), table.source().toString(), staged.rows(), day.toString(),
                    files.stream().map(p -> p.getName()).toList(), staged.shape());
        } catch (IOException e) {
            throw TargetErrors.translate(e, settings.target(), "publishing " + day + " under");
        }
    }


}
