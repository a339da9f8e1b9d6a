package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.TableOrigin;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
 * The write side of a run's tables: files go to staging and are published by moving them into the
 * day folder (DayPublisher), with the manifest this side writes. Each step takes a table's stage
 * record and returns the next ({@link TableTarget}, {@link StagedTable}, {@link CountedTable},
 * {@link PublishedTable}). A Delta table is staged the same way, as Parquet files, and committed
 * only when every table of the run is staged and verified: its commit is what replaces the day
 * for Delta readers; the day folder's {@code _manifest.json} and {@code _SUCCESS} follow it.
 */
public final class TableSink {
    private static final Logger LOG = LoggerFactory.getLogger(TableSink.class);
    private final SparkSession spark;
    private final FileSystem fs;
    /** Where the staging folders are: the data's file system unless target.control-uri is another bucket. */
    private final FileSystem stagingFs;
    private final TargetSettings target;
    private final LocalDate date;
    private final DayPublisher publisher;
    private final ManifestFactory manifests;
    private final Clock clock;

    /** The data's file system and that of the job's own objects (the same one unless they are apart). */
    public record FileSystems(FileSystem data, FileSystem control) {
        public FileSystems {
            requireNonNull(data, "data is null");
            requireNonNull(control, "control is null");
        }
    }

    public TableSink(SparkSession spark, FileSystems fileSystems, TargetSettings target, ManifestFactory manifests,
                     LocalDate date, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.fs = fileSystems.data();
        this.stagingFs = fileSystems.control();
        this.target = requireNonNull(target, "target is null");
        this.manifests = requireNonNull(manifests, "manifests is null");
        this.date = requireNonNull(date, "date is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.publisher = new DayPublisher(fs, stagingFs, target.files().smallFileRewrite());
    }

    public boolean isDelta() {
        return target.format() == OutputFormat.DELTA;
    }

    /**
     * Where a table's staged files are (CSV finishing may move them), and the rows of each CSV or
     * JSON Lines file by name as its task wrote them (none for Parquet).
     */
    public record StagedFiles(Path files, Map<String, Long> rowsAsWritten) {
        public StagedFiles {
            requireNonNull(files, "files is null");
            rowsAsWritten = Map.copyOf(rowsAsWritten);
        }
    }

    /**
     * Writes the rows to {@code staging}. The rows are counted as they enter the writer, through
     * {@code observation}; it is attached here, after the file plan looked at the partitions,
     * because on Spark 4 that look (an RDD conversion) would already complete the observation with
     * nothing counted.
     */
    public StagedFiles write(TableTarget table, Dataset<Row> read, Observation observation, Path staging)
            throws IOException {
        FilePlan plan = FilePlan.of(target.files(), table.sourceBytes());
        Dataset<Row> rows = plan.apply(read, table.readTasks())
                .observe(observation, functions.count(functions.lit(1)).as("rows"));
        Map<String, Long> asWritten = new FormatWriter(target).write(rows, staging.toString(), plan);
        if (target.format() == OutputFormat.CSV && CsvFinisher.needed(target.csv())) {
            // The finished files keep their names and rows.
            return new StagedFiles(new CsvFinisher(stagingFs, target.csv()).finish(staging, staging.suffix(".csv")),
                    asWritten);
        }
        return new StagedFiles(staging, asWritten);
    }

    /**
     * Every object in a table's staging folder, listed once for the checks before publishing (the
     * writes are flat: one folder of files).
     */
    public List<FileStatus> stagedObjects(StagedTable staged) throws IOException {
        return List.of(stagingFs.listStatus(staged.files()));
    }

    /** Counts the rows in the staged data files among {@code objects}; they must equal the rows read. */
    public CountedTable count(StagedTable staged, List<FileStatus> objects) throws IOException {
        List<FileStatus> files = DayPublisher.dataFiles(objects);
        CountedTable counted = new CountedTable(staged, new RowCounter(spark, target).perFile(stagingFs, files,
                staged.rowsAsWritten(), staged.files()), files);
        RowCountCheck.check(staged.target().table(), staged.rowsRead(), counted.rowsWritten());
        return counted;
    }

    /**
     * The first step of a Delta publish, taken for every table before any other step: the staged
     * Parquet files become the table's day in one commit. Committing all tables first keeps the
     * time in which some Delta tables show the new day and others the old one as short as the
     * commits themselves. Nothing to do for the other formats.
     */
    public void commit(CountedTable table, PublishStep.Listener progress) {
        if (isDelta()) {
            TableTarget planned = table.staged().target();
            Dataset<Row> staged = spark.read().parquet(table.staged().files().toString());
            new DeltaDayWriter(spark, target).write(staged, planned.day().getParent(), date,
                    FilePlan.of(target.files(), planned.sourceBytes()));
            progress.reached(PublishStep.DATA_IN);
        }
    }

    /**
     * Makes the day visible: the new files in beside the old ones (or the Delta commit checked),
     * then the manifest, then {@code _SUCCESS}, and only then the old files go (see DayPublisher).
     * Delta keeps the files its commit replaced (time travel, until {@code VACUUM}), so they stay.
     */
    public PublishedTable publish(CountedTable table, TableOrigin origin, String runId, PublishStep.Listener progress)
            throws IOException {
        Path day = table.staged().target().day();
        List<Path> before = List.of();
        long started = System.nanoTime();
        PublishedTable published;
        if (isDelta()) {
            published = verifyDeltaDay(table);
        } else {
            before = publisher.currentObjects(day);
            DayPublisher.CopiedIn copied = publisher.copyIn(table.files(), day, before, table.rowsPerFile(),
                    name -> FormatWriter.publishedName(target.format(), name));
            published = new PublishedTable(table, copied.files(), table.rowsWritten());
            progress.reached(PublishStep.DATA_IN);
            if (!copied.rewritten().isEmpty() && target.encryption().verifiesKms()) {
                // Written through this JVM (small files, or staging in another bucket), not copied
                // by S3: their encryption is checked again where readers find them.
                verifyEncryption(copied.rewritten(), "of " + day);
            }
        }
        JsonFiles.write(fs, new Path(day, DayPublisher.MANIFEST), manifests.manifest(origin, published,
                clock.instant()));
        progress.reached(PublishStep.MANIFEST_WRITTEN);
        publisher.markPublished(day, runId);
        progress.reached(PublishStep.SUCCESS_WRITTEN);
        publisher.removeOthers(before, published.files());
        if (!before.isEmpty()) {
            LOG.info("table {}: the folder held old and new files for {} ms (first copy to last delete)",
                    origin.table(), (System.nanoTime() - started) / 1_000_000);
        }
        return published;
    }

    private PublishedTable verifyDeltaDay(CountedTable table) throws IOException {
        Path day = table.staged().target().day();
        List<Path> dayFiles = new DeltaDayWriter(spark, target).dayFiles(day.getParent(), date);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        // Counted from each file's Parquet footer, as Parquet days are (RowCounter).
        List<WrittenFile> files = IoTasks.map(dayFiles, path -> {
            FileStatus status = fs.getFileStatus(path);
            return new WrittenFile(path, status.getLen(), RowCounter.footerRows(status, conf));
        }, "counting the rows of the files of " + day);
        PublishedTable published = new PublishedTable(table, files,
                files.stream().mapToLong(WrittenFile::rows).sum());
        if (target.encryption().verifiesKms()) {
            List<Path> objects = new ArrayList<>(ManifestFactory.paths(files));
            objects.addAll(DeltaDayWriter.latestCommit(fs, day.getParent()));
            verifyEncryption(objects, "of " + day);
        }
        RowCountCheck.check(table.staged().target().table(), table.staged().rowsRead(), published.rowsWritten());
        return published;
    }

    private void verifyEncryption(List<Path> objects, String where) throws IOException {
        new EncryptionVerifier(fs, target.encryption().kmsKeyId()).verify(objects, where);
    }
}
