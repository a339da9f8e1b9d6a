package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * Where the days go: {@code uri} is the root under which each table gets a folder; {@code controlUri}
 * the root of the job's own objects (locks, run reports, staging, preflight probes): {@code uri}
 * unless target.control-uri moves them. {@code catalog} says where a published day is registered,
 * {@code events} where a run is announced; {@code manifestSourceLocation} whether manifests name the
 * source's host, port and database.
 */
public record TargetSettings(
        String uri, OutputFormat format, EncryptionSettings encryption, S3Settings s3, CsvSettings csv,
        FormatSettings formats, FileSizing files, LockSettings lock, GlueCatalogSettings catalog,
        EventSettings events, String controlUri, boolean manifestSourceLocation) {
    public TargetSettings {
        requireNonNull(uri, "uri is null");
        requireNonNull(format, "format is null");
        requireNonNull(encryption, "encryption is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(csv, "csv is null");
        requireNonNull(formats, "formats is null");
        requireNonNull(files, "files is null");
        requireNonNull(lock, "lock is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(events, "events is null");
        requireNonNull(controlUri, "controlUri is null");
    }

    /** The job's own objects live apart from the data. */
    public boolean hasSeparateControl() {
        return !controlUri.equals(uri);
    }
}
