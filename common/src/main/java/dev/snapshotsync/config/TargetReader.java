package dev.snapshotsync.config;

import java.util.Map;

/** Reads and checks {@code snapshot-sync.target}. */
final class TargetReader {
    private static final String P = SettingsLoader.ROOT + ".target.";

    private TargetReader() {}

    static TargetSettings read(ConfigReader reader) {
        String uri = reader.string(P + "uri");
        if (uri != null && !SettingsLoader.isSupportedUri(uri)) {
            reader.invalid(P + "uri", "an s3a://bucket/prefix, s3://bucket/prefix or file:///path URI");
            uri = null;
        } else if (uri != null && hasDotSegment(uri)) {
            reader.invalid(P + "uri", "a URI without '.' or '..' path segments (Hadoop resolves them, so the "
                    + "output would land outside the prefix); write the prefix out in full");
            uri = null;
        }
        OutputFormat format = reader.choice(P + "format", OutputFormat.BY_NAME);
        EncryptionSettings encryption = readEncryption(reader, uri);
        S3Settings s3 = readS3(reader);
        CsvSettings csv = readCsv(reader);
        FormatSettings formats = readFormats(reader);
        FileSizing files = readFileSizing(reader);
        LockSettings lock = readLock(reader);
        GlueCatalogSettings catalog = DeliveryReader.readCatalog(reader, uri);
        EventSettings events = DeliveryReader.readEvents(reader);
        String control = readControlUri(reader, uri);
        Boolean sourceLocation = reader.bool(P + "manifest.source-location");
        if (uri == null || format == null || encryption == null || s3 == null || csv == null || formats == null
                || files == null || lock == null || catalog == null || events == null || control == null
                || sourceLocation == null) {
            return null;
        }
        return new TargetSettings(stripTrailingSlash(uri), format, encryption, s3, csv, formats, files, lock, catalog,
                events, control, sourceLocation);
    }

    /**
     * target.control-uri, without its trailing slash; target.uri when empty. It may be another
     * bucket or a prefix beside the data, but not a table's folder: below target.uri only a folder
     * whose name starts with '_' (no table has such a name) keeps the job's objects out of the days.
     */
    private static String readControlUri(ConfigReader reader, String uri) {
        String key = P + "control-uri";
        String control = reader.optionalString(key);
        if (uri == null) {
            return control.isEmpty() ? "" : null;
        }
        String root = stripTrailingSlash(uri);
        if (control.isEmpty()) {
            return root;
        }
        boolean s3 = !uri.startsWith("file:");
        if (!SettingsLoader.isSupportedUri(control) || s3 == control.startsWith("file:")) {
            reader.invalid(key, "empty (the target.uri) or " + (s3 ? "an s3a://bucket/prefix or s3://bucket/prefix"
                    : "a file:///path") + " URI, like target.uri");
            return null;
        }
        if (hasDotSegment(control)) {
            reader.invalid(key, "a URI without '.' or '..' path segments; write the prefix out in full");
            return null;
        }
        String stripped = stripTrailingSlash(control);
        String below = withoutScheme(stripped).startsWith(withoutScheme(root) + "/")
                ? withoutScheme(stripped).substring(withoutScheme(root).length() + 1) : null;
        if (below != null && !below.startsWith("_")) {
            reader.invalid(key, "a location outside target.uri ('" + root + "'), or a folder of it whose name "
                    + "starts with '_': '" + below.split("/")[0] + "' would be read as a table's folder");
            return null;
        }
        return stripped;
    }

    /** s3:// and s3a:// name the same objects. */
    private static String withoutScheme(String uri) {
        return uri.replaceFirst("^[a-z0-9]+://", "");
    }

    private static EncryptionSettings readEncryption(ConfigReader reader, String uri) {
        EncryptionMode mode = reader.choice(P + "encryption.mode", EncryptionMode.BY_NAME);
        Boolean verify = reader.bool(P + "encryption.verify");
        Boolean bucketKey = reader.bool(P + "encryption.bucket-key");
        String keyId = "";
        if (mode == EncryptionMode.SSE_KMS) {
            keyId = reader.string(P + "encryption.kms-key-id");
            if (keyId != null && !keyId.matches("[A-Za-z0-9:/_+=,.@-]+")) {
                reader.invalid(P + "encryption.kms-key-id", "a KMS key id, key ARN, alias name or alias ARN");
                keyId = null;
            }
            if (uri != null && uri.startsWith("file:")) {
                reader.problem(P + "encryption.mode", "encryption mode 'sse-kms' for '" + P + "encryption.mode' needs an "
                        + "S3 target, but target.uri is '" + uri + "'. Set target.encryption.mode = none to write "
                        + "local files.");
            }
        }
        if (mode == null || verify == null || keyId == null || bucketKey == null) {
            return null;
        }
        return new EncryptionSettings(mode, keyId, verify, bucketKey);
    }

    private static S3Settings readS3(ConfigReader reader) {
        String endpoint = reader.optionalString(P + "s3.endpoint");
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^/\\s]+/?")) {
            reader.invalid(P + "s3.endpoint", "empty (AWS) or an http:// or https:// URL such as https://127.0.0.1:9191");
        }
        Boolean pathStyle = reader.bool(P + "s3.path-style-access");
        String accessKey = reader.optionalString(P + "s3.access-key");
        Secret secretKey = reader.secret(P + "s3.secret-key");
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            reader.problem(P + "s3.access-key", "'" + P + "s3.access-key' and '" + P + "s3.secret-key' must be set "
                    + "together, or both left empty to use the default AWS credential chain.");
        }
        String caBundle = reader.optionalString(P + "s3.ca-bundle");
        if (!caBundle.isEmpty() && endpoint.startsWith("http://")) {
            reader.problem(P + "s3.ca-bundle", "CA bundle '" + caBundle + "' for '" + P + "s3.ca-bundle' needs an "
                    + "https:// endpoint, but '" + P + "s3.endpoint' is '" + endpoint + "'. Use the endpoint's https:// "
                    + "URL, or leave the CA bundle empty.");
        }
        AssumedRole role = CrossAccountReader.readAssumedRole(reader);
        String acl = CrossAccountReader.readCannedAcl(reader);
        if (pathStyle == null || role == null || acl == null) {
            return null;
        }
        return new S3Settings(endpoint, reader.optionalString(P + "s3.region"), pathStyle, accessKey, secretKey,
                caBundle, role, acl);
    }

    private static CsvSettings readCsv(ConfigReader reader) {
        String delimiter = oneChar(reader, P + "csv.delimiter");
        String quote = oneChar(reader, P + "csv.quote");
        String escape = oneChar(reader, P + "csv.escape");
        String nullValue = reader.optionalString(P + "csv.null-value");
        Boolean quoteAll = reader.bool(P + "csv.quote-all");
        String lineSeparator = reader.choice(P + "csv.line-separator", Map.of("\n", "\n", "\r\n", "\r\n"));
        String compression = reader.choice(P + "csv.compression", Map.of("none", "none", "gzip", "gzip"));
        Boolean bom = reader.bool(P + "csv.bom");
        if (delimiter == null || quote == null || escape == null || quoteAll == null || lineSeparator == null
                || compression == null || bom == null) {
            return null;
        }
        return new CsvSettings(delimiter, quote, escape, nullValue, quoteAll, lineSeparator, compression, bom);
    }

    private static FormatSettings readFormats(ConfigReader reader) {
        String json = reader.choice(P + "json.compression", Map.of("none", "none", "gzip", "gzip"));
        String parquet = reader.choice(P + "parquet.compression", Map.of("snappy", "snappy", "zstd", "zstd"));
        return json == null || parquet == null ? null : new FormatSettings(json, parquet);
    }

    private static FileSizing readFileSizing(ConfigReader reader) {
        Long maxBytes = reader.bytesBetween(P + "max-file-size", 1L << 20, 5L << 30);
        Long maxRows = reader.longBetween(P + "max-rows-per-file", 0, Long.MAX_VALUE);
        Long rewrite = reader.bytesBetween(P + "small-file-rewrite", 0, 1L << 30);
        return maxBytes == null || maxRows == null || rewrite == null ? null
                : new FileSizing(maxBytes, maxRows, rewrite);
    }

    private static LockSettings readLock(ConfigReader reader) {
        var lease = reader.positiveDuration(P + "lock.lease");
        var wait = reader.nonNegativeDuration(P + "lock.wait");
        return lease == null || wait == null ? null : new LockSettings(lease, wait);
    }

    private static String oneChar(ConfigReader reader, String path) {
        String value = reader.optionalString(path);
        if (value.length() != 1) {
            reader.invalid(path, "exactly one character");
            return null;
        }
        return value;
    }

    /** A path segment that is '.' or '..', also percent-encoded ({@code %2e}), after the scheme and bucket. */
    static boolean hasDotSegment(String uri) {
        int start = uri.indexOf("://");
        String path = start < 0 ? uri : uri.substring(start + 3);
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
