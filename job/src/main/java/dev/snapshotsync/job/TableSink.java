package dev.snapshotsync.job;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.sink.CsvFinisher;
import dev.snapshotsync.sink.DayPublisher;
import dev.snapshotsync.sink.DeltaDayWriter;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.FilePlan;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.RowCountCheck;
import dev.snapshotsync.sink.RowCounter;
import dev.snapshotsync.sink.WrittenFile;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The write side of one table: files go to staging and are published by moving them into the day
 * folder (DayPublisher). A Delta table is staged the same way, as Parquet files, and committed
 * only when every table of the run is staged and verified: its commit is what replaces the day
 * for Delta readers; the day folder's {@code _manifest.json} and {@code _SUCCESS} follow it.
 */
final class TableSink {
    private static final Logger LOG = LoggerFactory.getLogger(TableSink.class);
    private final SparkSession spark;
    private final FileSystem fs;
    /** Where the staging folders are: the data's file system unless target.control-uri is another bucket. */
    private final FileSystem stagingFs;
    private final TargetSettings target;
    private final LocalDate date;
    private final int maxConnections;
    private final DayPublisher publisher;

    /** The data's file system and that of the job's own objects (the same one unless they are apart). */
    record FileSystems(FileSystem data, FileSystem control) {
        FileSystems {
            requireNonNull(data, "data is null");
            requireNonNull(control, "control is null");
        }
    }

    TableSink(SparkSession spark, FileSystems fileSystems, TargetSettings target, int maxConnections, LocalDate date) {
        this.spark = requireNonNull(spark, "spark is null");
        this.fs = fileSystems.data();
        this.stagingFs = fileSystems.control();
        this.target = requireNonNull(target, "target is null");
        this.date = requireNonNull(date, "date is null");
        this.maxConnections = maxConnections;
        this.publisher = new DayPublisher(fs, stagingFs);
    }

    boolean isDelta() {
        return target.format() == OutputFormat.DELTA;
    }

    /**
     * Writes the rows (staging, or the Delta table) and fills in the schema and the staged
     * directory. The rows are counted as they enter the writer, through {@code observation}; it is
     * attached here, after the file plan looked at the partitions, because on Spark 4 that look
     * (an RDD conversion) would already complete the observation with nothing counted.
     */
    void write(TableRun run, Dataset<Row> read, Observation observation, Path staging) throws IOException {
        FilePlan plan = FilePlan.of(target.files(), run.source.bytes());
        Dataset<Row> rows = plan.apply(read, readPartitions(run))
                .observe(observation, functions.count(functions.lit(1)).as("rows"));
        run.outputSchema = rows.schema();
        new FormatWriter(target).write(rows, staging.toString(), plan);
        run.staged = staging;
        if (target.format() == OutputFormat.CSV && CsvFinisher.needed(target.csv())) {
            run.staged = new CsvFinisher(stagingFs, target.csv()).finish(staging, staging.suffix(".csv"));
        }
    }

    /** Tasks the read runs in: one per planned partition, at most source.max-connections (see TableReader). */
    private int readPartitions(TableRun run) {
        return run.source.partitions().tasks(maxConnections);
    }

    /** Counts the rows in the staged files; they must equal the rows read. */
    void countStaged(TableRun run) throws IOException {
        run.rowsPerFile = new RowCounter(spark, target).perFile(stagingFs, run.staged);
        run.rowsWritten = run.rowsPerFile.values().stream().mapToLong(Long::longValue).sum();
        RowCountCheck.check(run.table.name(), run.rowsRead, run.rowsWritten);
    }

    /**
     * The first step of a Delta publish, taken for every table before any other step: the staged
     * Parquet files become the table's day in one commit. Committing all tables first keeps the
     * time in which some Delta tables show the new day and others the old one as short as the
     * commits themselves. Nothing to do for the other formats.
     */
    void commit(TableRun run) {
        if (isDelta()) {
            Dataset<Row> staged = spark.read().parquet(run.staged.toString());
            new DeltaDayWriter(spark, target).write(staged, run.day.getParent(), date,
                    FilePlan.of(target.files(), run.source.bytes()));
            run.publish = TableRun.Publish.DATA_IN;
        }
    }

    /**
     * Makes the day visible: the new files in beside the old ones (or the Delta commit checked),
     * then the manifest, then {@code _SUCCESS}, and only then the old files go (see DayPublisher).
     * Delta keeps the files its commit replaced (time travel, until {@code VACUUM}), so they stay.
     */
    void publish(TableRun run, ManifestSource manifest, String runId) throws IOException {
        List<Path> before = List.of();
        long started = System.nanoTime();
        if (isDelta()) {
            verifyDeltaDay(run);
        } else {
            before = publisher.currentObjects(run.day);
            run.files = publisher.copyIn(run.staged, run.day, before, run.rowsPerFile,
                    name -> FormatWriter.publishedName(target.format(), name));
            run.publish = TableRun.Publish.DATA_IN;
            if (!publisher.movesWithinOneFileSystem() && target.encryption().verifiesKms()) {
                // Staged in another bucket: the files were rewritten through the driver, not copied
                // by S3, so their encryption is checked again where readers find them.
                verifyEncryption(ManifestFactory.paths(run.files), "of " + run.day);
            }
        }
        JsonFiles.write(fs, new Path(run.day, DayPublisher.MANIFEST), manifest.of(run));
        run.publish = TableRun.Publish.MANIFEST_WRITTEN;
        publisher.markPublished(run.day, runId);
        run.publish = TableRun.Publish.SUCCESS_WRITTEN;
        run.status = TableRun.PUBLISHED;
        publisher.removeOthers(before, run.files);
        if (!before.isEmpty()) {
            LOG.info("table {}: the folder held old and new files for {} ms (first copy to last delete)",
                    run.table.name(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void verifyDeltaDay(TableRun run) throws IOException {
        DeltaDayWriter delta = new DeltaDayWriter(spark, target);
        Map<String, Long> rowsPerFile = delta.rowsPerFile(run.day.getParent(), date);
        List<WrittenFile> files = new ArrayList<>();
        for (Map.Entry<String, Long> file : new java.util.TreeMap<>(rowsPerFile).entrySet()) {
            Path path = new Path(run.day.getParent(), file.getKey());
            files.add(new WrittenFile(path, fs.getFileStatus(path).getLen(), file.getValue()));
        }
        run.files = files;
        run.rowsWritten = rowsPerFile.values().stream().mapToLong(Long::longValue).sum();
        if (target.encryption().verifiesKms()) {
            List<Path> objects = new ArrayList<>(ManifestFactory.paths(files));
            objects.addAll(DeltaDayWriter.latestCommit(fs, run.day.getParent()));
            verifyEncryption(objects, "of " + run.day);
        }
        RowCountCheck.check(run.table.name(), run.rowsRead, run.rowsWritten);
    }

    private void verifyEncryption(List<Path> objects, String where) throws IOException {
        new EncryptionVerifier(fs, target.encryption().kmsKeyId()).verify(objects, where);
    }

    /** The manifest of a table, once its files are known. */
    interface ManifestSource {
        Manifest of(TableRun run);
    }
}
