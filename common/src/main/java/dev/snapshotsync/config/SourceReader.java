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
            } else if (!new File(rootCert).isFile()) {
                reader.problem(P + "ssl.root-cert", "CA file '" + rootCert + "' for '" + P + "ssl.root-cert' "
                        + "does not exist or is not a file. Give the path of a PEM file.");
            }
        }
        if (password.isEmpty() && reader.config().hasPath(P + "user")) {
            reader.problem(P + "password", "missing value for '" + P + "password'. Set it with password = ${?PGPASSWORD} "
                    + "and the PGPASSWORD environment variable, or in the configuration file.");
        }
        if (host == null || port == null || database == null || user == null || mode == null
                || fetchSize == null || statementTimeout == null || connectTimeout == null) {
            return null;
        }
        return new SourceSettings(host, port, database, user, password, mode, rootCert, fetchSize,
                statementTimeout, connectTimeout, applicationName);
    }
}
