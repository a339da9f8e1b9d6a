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
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.ReadPlanner;
import dev.snapshotsync.source.SnapshotCoordinator;
import dev.snapshotsync.source.TableReadPlan;
import dev.snapshotsync.source.TableReader;
import java.io.IOException;
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
            StagedRun staged = stageAll(tables, location, runId);
            verify(fs, staging);
            List<TableResult> results = new ArrayList<>();
            for (TableSettings table : tables) {
                results.add(publish(fs, location, runId, date, table, staged.tables().get(table)));
            }
            RunSummary summary = new RunSummary(runId, date, staged.snapshot(), results,
                    Duration.between(start, clock.instant()));
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

    /** Reads every table into staging inside one snapshot; the coordinator closes once all reads are done. */
    /** What staging one table produced: rows, shape (column plan, sanitize counts) and partition plan. */
    private record Staged(long rows, ShapeReport shape, PartitionPlan partitions) {}

    /** What the staging phase produced: every table, and the instant they show. */
    private record StagedRun(SourceSnapshot snapshot, Map<TableSettings, Staged> tables) {}

    /** Reads every table into staging inside one snapshot; the coordinator closes once all reads are done. */
    private StagedRun stageAll(List<TableSettings> tables, TargetLocation location, String runId) {
        PgConnections connections = PgConnections.resolve(settings.source(), spark.sparkContext().hadoopConfiguration());
        Map<TableSettings, Staged> staged = new LinkedHashMap<>();
        try (SnapshotCoordinator snapshot = SnapshotCoordinator.open(connections,
                settings.source().read().snapshotMode())) {
            Map<TableSettings, TableReadPlan> reads = new ReadPlanner(connections).plan(tables);
            Map<TableSettings, ColumnPlan> columns = planColumns(reads);
            for (TableSettings table : tables) {
                staged.put(table, writeStaged(connections, snapshot, table, reads.get(table), columns.get(table),
                        location.staging(runId, table.name()).toString()));
            }
            return new StagedRun(new SourceSnapshot(snapshot.snapshotId(), snapshot.serverVersion()), staged);
        }
    }

    /** The table contracts against the catalog; every drift or contract problem is reported at once (exit 2). */
    private static Map<TableSettings, ColumnPlan> planColumns(Map<TableSettings, TableReadPlan> reads) {
        Map<TableSettings, ColumnPlan> plans = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        reads.forEach((table, read) -> {
            try {
                plans.put(table, ColumnPlanner.plan(table.name(), table.source().toString(), table.contract(),
                        read.description().columns()));
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return plans;
    }

    private Staged writeStaged(PgConnections connections, SnapshotCoordinator snapshot, TableSettings table,
                               TableReadPlan read, ColumnPlan columns, String directory) {
        Observation observation = new Observation("rows-" + table.name());
        ShapedTable shaped;
        try {
            Dataset<Row> rows = new TableReader(spark, connections)
                    .read(table.source(), columns.readColumns(), read.partitions(), snapshot.snapshotId())
                    .observe(observation, functions.count(functions.lit(1)).as("rows"));
            shaped = new Shaper(settings.target().format()).shape(rows, columns);
            new FormatWriter(settings.target()).write(shaped.rows(), directory);
        } catch (Exception e) {
            // Spark rethrows driver-side JDBC failures (checked SQLExceptions) and its own checked
            // SparkException undeclared.
            throw classify(e, connections, table, read);
        }
        long count = observedRows(observation);
        LOG.info("table {}: {} rows written to staging {}; values changed by sanitize rules: {}", table.name(), count,
                directory, shaped.sanitizeCounts());
        return new Staged(count, new ShapeReport(columns, shaped.sanitizeCounts()), read.partitions());
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
    private SnapshotSyncException classify(Exception e, PgConnections connections, TableSettings table,
                                           TableReadPlan plan) {
        if (e instanceof SnapshotSyncException known) {
            return known;
        }
        String text = Causes.chainText(e);
        if (text.contains("PSQLException") || text.contains("java.sql.SQLException")) {
            return connections.translate(e, "reading table " + table.source() + " (" + plan.partitions().describe()
                    + ") from");
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
                    files.stream().map(Path::getName).toList(), staged.shape(), staged.partitions());
        } catch (IOException e) {
            throw TargetErrors.translate(e, settings.target(), "publishing " + day + " under");
        }
    }
}
