package dev.snapshotsync.job;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.manifest.RunReport;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.WrittenFile;
import dev.snapshotsync.source.SourceColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructField;

/** Builds the records of {@code _manifest.json} and {@code _runs/<run-id>.json} from what a run learned. */
final class ManifestFactory {
    private final Settings settings;
    private final String runId;
    private final LocalDate date;
    private final Instant start;

    ManifestFactory(Settings settings, String runId, LocalDate date, Instant start) {
        this.settings = settings;
        this.runId = runId;
        this.date = date;
        this.start = start;
    }

    Manifest manifest(TableRun run, CatalogStep.Server server, Instant now) {
        var source = settings.source();
        var encryption = settings.target().encryption();
        boolean kms = encryption.mode() == EncryptionMode.SSE_KMS;
        return new Manifest(
                Manifest.VERSION,
                new Manifest.RunInfo(runId, JsonFiles.toolVersion(), start.toString(), now.toString()),
                date.toString(),
                run.table.name(),
                new Manifest.SourceInfo(source.host(), source.port(), source.database(),
                        run.table.source().schema().name(), run.table.source().table().name(),
                        server.version(), null, server.tlsProtocol()),
                columns(run),
                List.of(),
                new Manifest.RowCounts(run.rowsRead, run.rowsWritten),
                run.files.stream().map(f -> new Manifest.FileEntry(key(f.path()), f.bytes(), f.rows())).toList(),
                new Manifest.FormatInfo(settings.target().format().configName(), FormatWriter.options(settings.target())),
                new Manifest.EncryptionInfo(kms ? "aws:kms" : "none", encryption.kmsKeyId(),
                        kms && encryption.bucketKey(), kms && encryption.verify()),
                new Manifest.PartitionPlanInfo("single", 1, List.of()));
    }

    RunReport report(List<TableRun> tables, Instant now, String status, int exitCode, String error) {
        List<RunReport.TableOutcome> outcomes = new ArrayList<>();
        for (TableRun run : tables) {
            outcomes.add(new RunReport.TableOutcome(run.table.name(), run.table.source().toString(), run.status,
                    run.rowsRead, run.rowsWritten, run.files.size(), run.day.toString(), run.millis));
        }
        return new RunReport(runId, JsonFiles.toolVersion(), date.toString(), start.toString(), now.toString(),
                status, exitCode, error, outcomes);
    }

    /** Source columns paired with the written schema, which holds them in the same order. */
    private static List<Manifest.ColumnEntry> columns(TableRun run) {
        List<Manifest.ColumnEntry> columns = new ArrayList<>();
        List<SourceColumn> source = run.source.columns();
        StructField[] output = run.outputSchema == null ? new StructField[0] : run.outputSchema.fields();
        for (int i = 0; i < source.size() && i < output.length; i++) {
            columns.add(new Manifest.ColumnEntry(source.get(i).name().name(), source.get(i).declaredType(),
                    output[i].name(), output[i].dataType().simpleString()));
        }
        return columns;
    }

    /** The object key in the bucket for S3 targets; the path for local ones. */
    static String key(Path path) {
        String scheme = path.toUri().getScheme();
        String p = path.toUri().getPath();
        return ("s3a".equals(scheme) || "s3".equals(scheme)) && p.startsWith("/") ? p.substring(1) : p;
    }

    static List<Path> paths(List<WrittenFile> files) {
        return files.stream().map(WrittenFile::path).toList();
    }
}
