package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.EncryptionSettings;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.manifest.TableOrigin;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Builds a table's {@code _manifest.json} from what the read and shape steps learned
 * ({@link TableOrigin}) and what the write side did (files, counts, format, encryption).
 */
public final class ManifestFactory {
    private final TargetSettings target;
    private final String runId;
    private final LocalDate date;
    private final Instant start;

    public ManifestFactory(TargetSettings target, String runId, LocalDate date, Instant start) {
        this.target = requireNonNull(target, "target is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.date = requireNonNull(date, "date is null");
        this.start = requireNonNull(start, "start is null");
    }

    Manifest manifest(TableOrigin origin, PublishedTable table, Instant now) {
        EncryptionSettings encryption = target.encryption();
        boolean kms = encryption.mode() == EncryptionMode.SSE_KMS;
        return new Manifest(
                Manifest.VERSION,
                new Manifest.RunInfo(runId, JsonFiles.toolVersion(), start.toString(), now.toString()),
                date.toString(),
                origin.table(),
                origin.source(),
                origin.columns(),
                origin.sanitization(),
                new Manifest.RowCounts(table.counted().staged().rowsRead(), table.rowsWritten()),
                table.files().stream().map(f -> new Manifest.FileEntry(key(f.path()), f.bytes(), f.rows())).toList(),
                new Manifest.FormatInfo(target.format().configName(), FormatWriter.options(target)),
                new Manifest.EncryptionInfo(kms ? "aws:kms" : "none", encryption.kmsKeyId(),
                        kms && encryption.bucketKey(), kms && encryption.verify()),
                origin.partitions(),
                origin.primaryKey(),
                origin.drift());
    }

    /** The object key in the bucket for S3 targets; the path for local ones. */
    public static String key(Path path) {
        String scheme = path.toUri().getScheme();
        String p = path.toUri().getPath();
        return ("s3a".equals(scheme) || "s3".equals(scheme)) && p.startsWith("/") ? p.substring(1) : p;
    }

    static List<Path> paths(List<WrittenFile> files) {
        return files.stream().map(WrittenFile::path).toList();
    }
}
