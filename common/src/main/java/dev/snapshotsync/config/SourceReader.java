package dev.snapshotsync.config;

import java.io.File;

/** Reads and checks {@code snapshot-sync.source}. */
final class SourceReader {
    private static final String P = SettingsLoader.ROOT + ".source.";

    private SourceReader() {}

    static SourceSettings read(ConfigReader reader) {
        String host = reader.string(P + "host");
        Integer port = reader.intBetween(P + "port", 1, 65535);
        String database = reader.string(P + "database");
        String user = reader.string(P + "user");
        Secret password = reader.secret(P + "password");
        SslMode mode = reader.choice(P + "ssl.mode", SslMode.BY_NAME);
        Boolean allowInsecure = reader.bool(P + "ssl.allow-insecure");
        String rootCert = reader.optionalString(P + "ssl.root-cert");
        Integer fetchSize = reader.intBetween(P + "fetch-size", 1, 1_000_000);
        var statementTimeout = reader.positiveDuration(P + "statement-timeout");
        var connectTimeout = reader.positiveDuration(P + "connect-timeout");
        String applicationName = reader.optionalString(P + "application-name");
        ReadSettings read = readSettings(reader);

        if (mode != null && mode != SslMode.VERIFY_FULL && Boolean.FALSE.equals(allowInsecure)) {
            reader.problem(P + "ssl.mode", "ssl mode '" + mode.pgName() + "' for '" + P + "ssl.mode' is weaker than "
                    + "verify-full. Use verify-full with ssl.root-cert, or set " + P + "ssl.allow-insecure = true "
                    + "to accept it.");
        }
        if (mode != null && mode.verifiesServer()) {
            if (rootCert.isBlank()) {
                reader.problem(P + "ssl.root-cert", "missing value for '" + P + "ssl.root-cert', required by ssl mode '"
                        + mode.pgName() + "'. Give the PEM file of the CA that signed the server certificate "
                        + "(for Amazon RDS, the global bundle global-bundle.pem).");
            } else if (!rootCert.matches("(classpath|s3|s3a):.*") && !new File(rootCert).isFile()) {
                reader.problem(P + "ssl.root-cert", "CA file '" + rootCert + "' for '" + P + "ssl.root-cert' "
                        + "does not exist or is not a file. Give a PEM file as a local path, classpath:NAME or an "
                        + "s3:// URI.");
            }
        }
        if (password.isEmpty() && reader.config().hasPath(P + "user")) {
            reader.problem(P + "password", "missing value for '" + P + "password'. Set it with password = ${?PGPASSWORD} "
                    + "and the PGPASSWORD environment variable, or in the configuration file.");
        }
        if (host == null || port == null || database == null || user == null || mode == null
                || fetchSize == null || statementTimeout == null || connectTimeout == null || read == null) {
            return null;
        }
        return new SourceSettings(host, port, database, user, password, mode, rootCert, fetchSize,
                statementTimeout, connectTimeout, applicationName, read);
    }

    private static ReadSettings readSettings(ConfigReader reader) {
        Integer maxConnections = reader.intBetween(P + "max-connections", 1, 256);
        Integer connectAttempts = reader.intBetween(P + "connect-attempts", 1, 10);
        SnapshotMode snapshot = reader.choice(P + "snapshot.mode", SnapshotMode.BY_NAME);
        Integer rowsPerPartition = reader.intBetween(P + "partitioning.rows-per-partition", 1000, 1_000_000_000);
        Integer maxPartitions = reader.intBetween(P + "partitioning.max-partitions", 1, 10_000);
        if (maxConnections == null || connectAttempts == null || snapshot == null || rowsPerPartition == null
                || maxPartitions == null) {
            return null;
        }
        return new ReadSettings(maxConnections, connectAttempts, snapshot, rowsPerPartition, maxPartitions);
    }
}
