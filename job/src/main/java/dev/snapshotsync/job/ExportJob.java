package dev.snapshotsync.job;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sink.DayPublisher;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.sink.TargetErrors;
import dev.snapshotsync.sink.TargetLocation;
import dev.snapshotsync.sink.TargetProbe;
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
        List<TableSettings> tables = settings.select(tableNames);
        String runId = RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        TargetLocation location = new TargetLocation(settings.target().uri());
        LOG.info("run {}: exporting {} table(s) for {} from {} to {}", runId, tables.size(), date,
                settings.source().describe(), location.root());
        FileSystem fs = targetFileSystem();
        Path staging = location.staging(runId);
        new TargetProbe(fs, settings.target()).check(staging);
        try {
            Staged staged = stageAll(tables, location, runId);
            Map<TableSettings, Long> rows = staged.rows();
            verify(fs, staging);
            List<TableResult> results = new ArrayList<>();
            for (TableSettings table : tables) {
                results.add(publish(fs, location, runId, date, table, rows.get(table)));
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
    /** What the staging phase produced: rows per table, and the instant they show. */
    private record Staged(SourceSnapshot snapshot, Map<TableSettings, Long> rows) {}

    private Staged stageAll(List<TableSettings> tables, TargetLocation location, String runId) {
        PgConnections connections = PgConnections.resolve(settings.source(), spark.sparkContext().hadoopConfiguration());
        Map<TableSettings, Long> rows = new LinkedHashMap<>();
        try (SnapshotCoordinator snapshot = SnapshotCoordinator.open(connections,
                settings.source().read().snapshotMode())) {
            Map<TableSettings, TableReadPlan> plans = new ReadPlanner(connections).plan(tables);
            for (TableSettings table : tables) {
                rows.put(table, writeStaged(connections, snapshot, table, plans.get(table),
                        location.staging(runId, table.name()).toString()));
            }
            return new Staged(new SourceSnapshot(snapshot.snapshotId(), snapshot.serverVersion()), rows);
        }
    }

    private long writeStaged(PgConnections connections, SnapshotCoordinator snapshot, TableSettings table,
                             TableReadPlan plan, String directory) {
        Observation observation = new Observation("rows-" + table.name());
        try {
            Dataset<Row> rows = new TableReader(spark, connections)
                    .read(table.source(), plan.description().columns(), plan.partitions(), snapshot.snapshotId())
                    .observe(observation, functions.count(functions.lit(1)).as("rows"));
            try (ProgressReporter progress = ProgressReporter.start(spark, settings.run().progressInterval(),
                    table.name(), plan.description().estimatedRows())) {
                new FormatWriter(settings.target()).write(rows, directory);
            }
        } catch (Exception e) {
            // Spark rethrows driver-side JDBC failures (checked SQLExceptions) undeclared.
            throw classify(e, connections, table, plan);
        }
        long count = observedRows(observation);
        LOG.info("table {}: {} rows written to staging {}", table.name(), count, directory);
        return count;
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
                                TableSettings table, long rows) {
        Path day = location.day(table.name(), date);
        try {
            List<Path> files = new DayPublisher(fs).publish(location.staging(runId, table.name()), day, runId);
            LOG.info("table {}: published {} rows in {} files to {}", table.name(), rows, files.size(), day);
            return new TableResult(table.name(), table.source().toString(), rows, day.toString(),
                    files.stream().map(p -> p.getName()).toList());
        } catch (IOException e) {
            throw TargetErrors.translate(e, settings.target(), "publishing " + day + " under");
        }
    }


}
