package dev.snapshotsync.job.diff;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.diff.DiffErrors;
import dev.snapshotsync.diff.DiffSummary;
import dev.snapshotsync.diff.KeyResolver;
import dev.snapshotsync.diff.ResolvedKey;
import dev.snapshotsync.diff.RowDiff;
import dev.snapshotsync.diff.SchemaComparison;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.sink.DayReader;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.sink.TargetErrors;
import dev.snapshotsync.sink.TargetLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snapshot-sync diff}: two published days of one table compared by key. The changed rows go
 * to {@code <uri>/<table>/_diffs/from=D1/to=D2/} as Parquet with the target's encryption (checked
 * with HeadObject like the days), then {@code _summary.json} last, so a folder with a summary is
 * complete. Readers of the table's days never see the diffs: Spark, Athena and Glue skip folders
 * whose names start with {@code _}.
 */
public final class DiffJob {
    private static final Logger LOG = LoggerFactory.getLogger(DiffJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String SUMMARY = "_summary.json";
    private static final String MANIFEST = "_manifest.json";
    private static final int DUPLICATES_SHOWN = 3;

    private final SparkSession spark;
    private final Settings settings;

    public DiffJob(SparkSession spark, Settings settings) {
        this.spark = requireNonNull(spark, "spark is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The days to compare, and the key given on the command line (empty: look it up). */
    public record Request(String table, LocalDate from, LocalDate to, List<String> key) {
        public Request {
            requireNonNull(table, "table is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            key = List.copyOf(key);
        }
    }

    public DiffSummary run(Request request) {
        TableSettings table = table(request.table());
        FileSystem fs = targetFileSystem();
        DayReader days = new DayReader(spark, fs, settings.target());
        requirePublished(days, table.name(), request.from(), "--from");
        requirePublished(days, table.name(), request.to(), "--to");
        TargetLocation location = new TargetLocation(settings.target().uri());
        ResolvedKey key = new KeyResolver(fs).resolve(table.name(),
                new KeyResolver.Hints(request.key(), table.primaryKey(), List.of(
                        new Path(location.day(table.name(), request.from()), MANIFEST),
                        new Path(location.day(table.name(), request.to()), MANIFEST))),
                new SourceKey(spark, settings.source(), table.relation()));
        LOG.info("diff of {}: {} -> {} by key {} (from {})", table.name(), request.from(), request.to(), key.columns(),
                key.source());
        Path output = new Path(location.table(table.name()), "_diffs/from=" + request.from() + "/to=" + request.to());
        try {
            List<Dataset<Row>> read = days.read(table.name(), List.of(request.from(), request.to()));
            Dataset<Row> before = read.get(0);
            Dataset<Row> after = read.get(1);
            SchemaComparison schema = SchemaComparison.of(table.name(), key,
                    new SchemaComparison.Day(request.from(), before.schema()),
                    new SchemaComparison.Day(request.to(), after.schema()));
            requireUnique(table.name(), new Day(request.from(), before), new Day(request.to(), after), key);
            RowDiff.Changes changes = new RowDiff(schema).compare(before, after);
            changes.rows().write().mode(SaveMode.Overwrite).option("compression", "snappy").parquet(output.toString());
            DiffSummary summary = DiffSummary.of(table.name(), request.from().toString(), request.to().toString(),
                    settings.target().format().configName(), key, schema, changes.counts(), output + "/");
            verify(fs, output);
            writeSummary(fs, output, summary);
            LOG.info("diff of {} written to {}", table.name(), output);
            return summary;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotSyncException known) {
                throw known;
            }
            throw TargetErrors.translate(e, settings.target(), "comparing days of table " + table.name() + " under");
        }
    }

    private TableSettings table(String name) {
        return configuredTable(settings, name);
    }

    /** The configured table {@code --table} names; checked before Spark starts too (a typo costs no session). */
    public static TableSettings configuredTable(Settings settings, String name) {
        List<TableSettings> tables = settings.tables();
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> DiffErrors.unknownTable(name, tables.stream().map(TableSettings::name).toList()));
    }

    private FileSystem targetFileSystem() {
        return S3aConfigurer.open(spark.sparkContext().hadoopConfiguration(), settings.target());
    }

    private void requirePublished(DayReader days, String table, LocalDate date, String option) {
        try {
            if (!days.isPublished(table, date)) {
                throw DiffErrors.unpublished(table, date, option, days.successMarker(table, date).toString(),
                        days.publishedDays(table));
            }
        } catch (IOException e) {
            throw TargetErrors.translate(e, settings.target(), "looking for day " + date + " of table " + table + " in");
        }
    }

    /**
     * A key that several rows share would pair rows arbitrarily. Both days in one job that reads
     * only the key columns; columns are renamed by position so no key name can clash with "day".
     */
    private static void requireUnique(String table, Day before, Day after, ResolvedKey key) {
        Dataset<Row> keys = keyColumns(before, key).union(keyColumns(after, key));
        List<Row> shared = keys.groupBy(Arrays.stream(keys.columns()).map(functions::col).toArray(Column[]::new))
                .agg(functions.count(functions.lit(1)).as("rows"))
                .where(functions.col("rows").gt(1)).limit(DUPLICATES_SHOWN).collectAsList();
        if (!shared.isEmpty()) {
            int width = key.columns().size();
            LocalDate date = LocalDate.parse(shared.get(0).getString(0));
            throw DiffErrors.duplicateKeys(table, date, key.columns(), shared.stream()
                    .filter(row -> row.getString(0).equals(date.toString()))
                    .map(row -> IntStream.rangeClosed(1, width).mapToObj(i -> String.valueOf(row.get(i))).toList()
                            + " (" + row.get(width + 1) + " rows)")
                    .toList());
        }
    }

    private static Dataset<Row> keyColumns(Day day, ResolvedKey key) {
        List<Column> columns = new ArrayList<>();
        columns.add(functions.lit(day.date().toString()).as("day"));
        for (int i = 0; i < key.columns().size(); i++) {
            columns.add(day.rows().col(DayReader.quoted(key.columns().get(i))).as("k" + i));
        }
        return day.rows().select(columns.toArray(Column[]::new));
    }

    /** One side of the diff: its date and rows. */
    private record Day(LocalDate date, Dataset<Row> rows) {}

    private void verify(FileSystem fs, Path output) throws IOException {
        if (settings.target().encryption().verifiesKms()) {
            int checked = new EncryptionVerifier(fs, settings.target().encryption().kmsKeyId()).verify(output);
            LOG.info("verified SSE-KMS with key {} on {} diff objects", settings.target().encryption().kmsKeyId(),
                    checked);
        }
    }

    /** Written last and checked on its own: a folder with a summary is a complete diff. */
    private void writeSummary(FileSystem fs, Path output, DiffSummary summary) throws IOException {
        Path file = new Path(output, SUMMARY);
        try (OutputStream out = fs.create(file, true)) {
            out.write(JSON.writeValueAsBytes(summary));
        }
        try {
            verify(fs, file);
        } catch (SnapshotSyncException e) {
            fs.delete(file, false);
            throw e;
        }
    }
}
