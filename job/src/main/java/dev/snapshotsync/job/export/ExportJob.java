package dev.snapshotsync.job.export;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.RunReport;
import dev.snapshotsync.shape.ObservedMetrics;
import dev.snapshotsync.shape.ShapeReport;
import dev.snapshotsync.shape.ShapedTable;
import dev.snapshotsync.shape.Shaper;
import dev.snapshotsync.sink.DayLocks;
import dev.snapshotsync.sink.DeltaDayWriter;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.ManifestFactory;
import dev.snapshotsync.sink.ParquetSettings;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.sink.StagedTable;
import dev.snapshotsync.sink.TableSink;
import dev.snapshotsync.sink.TableTarget;
import dev.snapshotsync.sink.TargetErrors;
import dev.snapshotsync.sink.TargetLocation;
import dev.snapshotsync.sink.TargetProbe;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.ReadErrors;
import dev.snapshotsync.source.SnapshotCoordinator;
import dev.snapshotsync.source.TableReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export run: probe the target, lock each table's day, read the catalog, write every table to
 * staging (several at once, within the run's connection budget: ConcurrentStaging), verify the
 * encryption of every staged object and that the files hold every row read (each table as soon as
 * it is staged), then publish each day (RunPublisher: new files beside the old, {@code _manifest.json},
 * {@code _SUCCESS}, then the old files go; Delta commits first). Nothing is published unless every
 * table was written and verified, and a day published before is never unpublished. The run summary goes to
 * {@code _runs/<run-id>.json} whatever the outcome. Locks, staging and the run summary live under
 * target.control-uri (TargetLocation), which is the data's root unless configured apart.
 */
public final class ExportJob {
    private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final Settings settings;
    private final Clock clock;
    private String reportFile;

    public ExportJob(SparkSession spark, Settings settings, Clock clock) {
        this.spark = spark;
        this.settings = settings;
        this.clock = clock;
    }

    public RunSummary run(LocalDate date, List<String> tableNames) {
        Instant start = clock.instant();
        ParquetSettings.SPARK_SETTINGS.forEach(spark.conf()::set);
        List<TableSettings> tables = settings.select(tableNames);
        String runId = RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        TargetLocation location = TargetLocation.of(settings.target());
        LOG.info("run {}: exporting {} table(s) for {} from {} to {}", runId, tables.size(), date,
                settings.source().describe(), location.root());
        if (settings.target().format() == OutputFormat.DELTA) {
            DeltaDayWriter.requireDeltaSession(spark);
        }
        FileSystem fs = targetFileSystem();
        // The job's own objects (locks, staging, the run report): the data's file system unless
        // target.control-uri names another bucket (opening it again would repeat the endpoint's TLS check).
        FileSystem control = location.controlSharesBucket() ? fs
                : S3aConfigurer.controlFileSystem(spark.sparkContext().hadoopConfiguration(), settings.target());
        Path staging = location.staging(runId);
        new TargetProbe(control, settings.target()).check(staging);
        RunReportFactory reports = new RunReportFactory(runId, date, start);
        List<TableRun> runs = new ArrayList<>();
        try (DayLocks locks = new DayLocks(control, settings.target().lock(), clock, runId, location)) {
            locks.acquire(tables.stream().sorted(Comparator.comparing(TableSettings::name))
                    .map(t -> location.lock(t.name(), date)).toList());
            PgConnections connections = PgConnections.resolve(settings.source(),
                    spark.sparkContext().hadoopConfiguration());
            int budget = settings.source().read().maxConnections();
            TableSink sink = new TableSink(spark, new TableSink.FileSystems(fs, control), settings.target(),
                    new ManifestFactory(settings.target(), runId, date, start), date, clock);
            CatalogStep.Result catalog;
            SourceSnapshot snapshot;
            try (SnapshotCoordinator coordinator = SnapshotCoordinator.open(connections,
                    settings.source().read().snapshotMode(), tables)) {
                catalog = CatalogStep.read(connections, settings, tables);
                locks.abandonedStaging().forEach(dead -> deleteQuietly(control, dead));
                for (TableSettings table : tables) {
                    SourceTable source = catalog.tables().get(table);
                    runs.add(new TableRun(table, source, new TableTarget(table.name(), location.day(table.name(), date),
                            source.bytes(), source.partitions().tasks(budget))));
                }
                ConcurrentStaging stager = new ConcurrentStaging(spark.sparkContext(), runId, budget);
                stager.stage(runs, new ConcurrentStaging.TableWork() {
                    @Override
                    public void write(TableRun run) {
                        ExportJob.this.write(sink, connections, coordinator, run,
                                location.staging(runId, run.table.name()));
                    }

                    @Override
                    public void check(TableRun run) {
                        checkStaged(control, sink, run);
                    }
                });
                snapshot = new SourceSnapshot(coordinator.snapshotId(), coordinator.serverVersion());
            }
            locks.confirm();
            new RunPublisher(sink, settings.target()).publish(runs,
                    new TableOrigins(settings, connections, catalog.server(), snapshot), runId);
            RunDelivery.published(fs, settings.target(), runId, date, runs);
            RunSummary summary = new RunSummary(runId, date, snapshot, runs.stream().map(ExportJob::result).toList(),
                    Duration.between(start, clock.instant()));
            writeReport(control, location, runId, reports.report(runs, clock.instant(), RunReport.SUCCEEDED, 0,
                    null));
            LOG.info("run {} finished: {} table(s) published for {} in {} s", runId, runs.size(), date,
                    summary.elapsed().toMillis() / 1000.0);
            return summary;
        } catch (RuntimeException e) {
            int exit = e instanceof SnapshotSyncException known ? known.kind().exitCode() : ErrorKind.INTERNAL.exitCode();
            writeReport(control, location, runId, reports.report(runs, clock.instant(), RunReport.FAILED, exit, e));
            RunDelivery.failed(settings.target(), runId, date, runs, exit, e);
            throw e;
        } finally {
            deleteQuietly(control, staging);
            deleteIfEmpty(control, staging.getParent());
        }
    }

    private static TableResult result(TableRun run) {
        return new TableResult(run.table.name(), run.table.relation().label(), run.rowsWritten(), run.day().toString(),
                run.files().stream().map(f -> f.path().getName()).toList(), run.shape(), run.source.partitions());
    }

    private void write(TableSink sink, PgConnections connections, SnapshotCoordinator coordinator, TableRun run,
                       Path staging) {
        run.stagingStarted(clock.instant());
        LOG.info("table {}: staging started", run.table.name());
        Observation observation = new Observation("rows-" + run.table.name());
        ShapedTable shaped;
        TableSink.StagedFiles staged;
        // The reader's registrations (connection properties included) end with the table's write.
        try (TableReader reader = new TableReader(spark, connections.withRowSecurity(run.table.rowSecurity()))) {
            Dataset<Row> rows = reader.read(run.table.relation(), run.source.columns().readColumns(), run.source.partitions(), coordinator.snapshotId());
            shaped = new Shaper(settings.target().format()).shape(rows, run.source.columns());
            try (ProgressReporter progress = ProgressReporter.start(spark, settings.run().progressInterval(),
                    run.table.name(), run.source.partitions().estimatedRows())) {
                staged = sink.write(run.target, shaped.rows(), observation, staging);
            }
        } catch (Exception e) {
            // Spark rethrows driver-side JDBC failures (checked SQLExceptions) and its own checked
            // SparkException undeclared.
            throw classify(e, connections, coordinator, run);
        }
        TableRun.Staged stage = new TableRun.Staged(new StagedTable(run.target, staged.files(),
                observedRows(observation), staged.rowsAsWritten()),
                new ShapeReport(run.source.columns(), shaped.sanitizeCounts()), clock.instant());
        run.staged(stage);
        LOG.info("table {}: {} rows written to {} (staged in {} ms){}", run.table.name(), stage.files().rowsRead(),
                staging, run.millis(), stage.shape().sanitizeCounts().isEmpty() ? ""
                        : "; values changed by sanitize rules: " + stage.shape().sanitizeCounts());
    }

    /**
     * The checks of one staged table, before anything is published: every staged object is
     * encrypted with the configured key, and the files hold every row read.
     */
    private void checkStaged(FileSystem fs, TableSink sink, TableRun run) {
        StagedTable staged = run.staged().files();
        try {
            // One listing of the folder serves both checks and the publish.
            List<FileStatus> objects = sink.stagedObjects(staged);
            verify(fs, staged.files(), objects);
            run.counted(sink.count(staged, objects));
        } catch (IOException e) {
            throw TargetErrors.translateControl(e, settings.target(), "checking the files staged under");
        }
    }

    /** The run summary for the record; the terminal has the printed summary or the error instead. */
    private void writeReport(FileSystem fs, TargetLocation location, String runId, RunReport report) {
        Path file = location.runReport(runId);
        try {
            JsonFiles.write(fs, file, report);
            reportFile = file.toString();
            LOG.debug("run {} {}: run summary written to {}", runId, report.status(), file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the run summary {}: {}", file, e.toString());
        }
    }

    /** Where this job wrote its run summary ({@code _runs/<run-id>.json}), once it has. */
    public Optional<String> reportFile() {
        return Optional.ofNullable(reportFile);
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete staging directory {}: {}", path, e.toString());
        }
    }

    /** The _staging parent goes when no other run is staging. */
    private static void deleteIfEmpty(FileSystem fs, Path directory) {
        try {
            FileStatus[] others = fs.listStatus(directory);
            if (others.length == 0) {
                fs.delete(directory, false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("staging parent {} not removed: {}", directory, e.toString());
        }
    }

    private FileSystem targetFileSystem() {
        return S3aConfigurer.open(spark.sparkContext().hadoopConfiguration(), settings.target());
    }

    private static long observedRows(Observation observation) {
        return ((Number) ObservedMetrics.await(observation, "the row count").get("rows")).longValue();
    }

    /**
     * Source or target: the driver's SQLException when the failure carries it (a driver-side read,
     * or a task in this JVM); an executor's failure in another JVM reaches the driver only as text,
     * in which the driver's exception class is the one sign of the source left.
     */
    private SnapshotSyncException classify(Exception e, PgConnections connections, SnapshotCoordinator coordinator,
                                           TableRun run) {
        if (e instanceof SnapshotSyncException known) {
            return known;
        }
        String text = Causes.chainText(e);
        if (PgConnections.sqlCause(e).isPresent() || text.contains("PSQLException")
                || text.contains("java.sql.SQLException")) {
            return ReadErrors.translate(e, connections, coordinator, run.table, "reading " + run.table.describeRelation()
                    + " (" + run.source.partitions().describe() + ") from");
        }
        if (text.contains("ExecutorLostFailure")) {
            // Spark reports a task's end only as text; a lost executor is neither the database's
            // fault nor the bucket's, but the read must start again from the run's snapshot.
            return SnapshotSyncException.source("source: reading " + run.table.describeRelation() + " ("
                    + run.source.partitions().describe() + ") failed: an executor running the read was lost ("
                    + Causes.firstLine(e.getMessage()) + ") and Spark gave up after spark.task.maxFailures attempts. "
                    + "Nothing was published; run again. With spark.task.maxFailures above 1 (Spark's default is 4) "
                    + "a retried task reads the same exported snapshot.", e);
        }
        return TargetErrors.translateControl(e, settings.target(), "writing table " + run.table.name() + " to");
    }

    private void verify(FileSystem fs, Path staged, List<FileStatus> objects) {
        if (!settings.target().encryption().verifiesKms()) {
            return;
        }
        try {
            EncryptionVerifier verifier = new EncryptionVerifier(fs, settings.target().encryption().kmsKeyId());
            // A folder in the listing (no write here makes one) is checked object by object below it.
            int checked = objects.stream().anyMatch(FileStatus::isDirectory) ? verifier.verify(staged)
                    : verifier.verify(objects.stream().map(FileStatus::getPath).toList(), "under '" + staged + "'");
            LOG.info("verified SSE-KMS with key {} on {} staged objects under {}",
                    settings.target().encryption().kmsKeyId(), checked, staged);
        } catch (IOException e) {
            throw TargetErrors.translateControl(e, settings.target(), "checking the encryption of objects under");
        }
    }
}
