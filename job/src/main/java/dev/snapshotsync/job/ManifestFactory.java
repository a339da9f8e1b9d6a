package dev.snapshotsync.job;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.manifest.RunReport;
import dev.snapshotsync.sink.FormatWriter;
import dev.snapshotsync.sink.WrittenFile;
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.PgConnections;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

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

    /** {@code connections} has the source as resolved (a Glue connection may name the host). */
    Manifest manifest(TableRun run, PgConnections connections, CatalogStep.Server server, SourceSnapshot snapshot,
                      Instant now) {
        var source = connections.settings();
        var encryption = settings.target().encryption();
        boolean kms = encryption.mode() == EncryptionMode.SSE_KMS;
        PartitionPlan partitions = run.source.partitions();
        boolean location = settings.target().manifestSourceLocation();
        return new Manifest(
                Manifest.VERSION,
                new Manifest.RunInfo(runId, JsonFiles.toolVersion(), start.toString(), now.toString()),
                date.toString(),
                run.table.name(),
                new Manifest.SourceInfo(location ? source.host() : null, location ? source.port() : null,
                        location ? source.database() : null,
                        run.table.source().schema().name(), run.table.source().table().name(),
                        server.version(), snapshot.snapshotId().orElse(null), server.tlsProtocol(),
                        snapshot.consistent(), run.source.rowSecurityApplied() ? Manifest.SourceInfo.ROW_SECURITY_APPLIED
                        : Manifest.SourceInfo.ROW_SECURITY_OFF),
                columns(run),
                sanitization(run),
                new Manifest.RowCounts(run.rowsRead, run.rowsWritten),
                run.files.stream().map(f -> new Manifest.FileEntry(key(f.path()), f.bytes(), f.rows())).toList(),
                new Manifest.FormatInfo(settings.target().format().configName(), FormatWriter.options(settings.target())),
                new Manifest.EncryptionInfo(kms ? "aws:kms" : "none", encryption.kmsKeyId(),
                        kms && encryption.bucketKey(), kms && encryption.verify()),
                new Manifest.PartitionPlanInfo(partitions.strategy(), partitions.count(), partitions.bounds()),
                run.source.description().primaryKey(),
                run.source.columns().drift().stream()
                        .map(d -> new Manifest.DriftEntry(d.column(), d.kind().name().toLowerCase(java.util.Locale.ROOT),
                                d.detail() + "; " + d.outcome()))
                        .toList());
    }

    RunReport report(List<TableRun> tables, Instant now, String status, int exitCode, Throwable failure) {
        List<RunReport.TableOutcome> outcomes = new ArrayList<>();
        for (TableRun run : tables) {
            outcomes.add(new RunReport.TableOutcome(run.table.name(), run.table.source().toString(), run.status,
                    run.rowsRead, run.rowsWritten, run.files.size(), run.day.toString(), run.millis,
                    text(run.stagingStarted), text(run.stagingEnded)));
        }
        return new RunReport(runId, JsonFiles.toolVersion(), date.toString(), start.toString(), now.toString(),
                status, exitCode, failure == null ? null : Causes.firstLine(failure.getMessage()),
                failure == null ? null : Causes.stackTrace(failure), outcomes);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The column plan: each written column's source name and type, and its output name and type. */
    private static List<Manifest.ColumnEntry> columns(TableRun run) {
        return run.source.columns().columns().stream()
                .map(c -> new Manifest.ColumnEntry(c.source().name().name(), c.source().declaredType(), c.output(),
                        c.outputType().simpleString()))
                .toList();
    }

    /** Values each sanitize rule changed, per output column (known once the table is written). */
    private static List<Manifest.SanitizationCount> sanitization(TableRun run) {
        List<Manifest.SanitizationCount> counts = new ArrayList<>();
        if (run.shape != null) {
            new TreeMap<>(run.shape.sanitizeCounts()).forEach((column, rules) -> new TreeMap<>(rules)
                    .forEach((rule, count) -> counts.add(new Manifest.SanitizationCount(column, rule, count))));
        }
        return counts;
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
