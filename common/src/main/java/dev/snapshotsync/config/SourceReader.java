package dev.snapshotsync.config;


/** Reads and checks {@code snapshot-sync.source}. */
final class SourceReader {
    private static final String P = SettingsLoader.ROOT + ".source.";

    private SourceReader() {}

    static SourceSettings read(ConfigReader reader) {
        CredentialSettings credentials = credentials(reader);
        boolean fromAws = credentials.fromAws();
        boolean fromGlue = !credentials.glueConnection().isEmpty();
        // A Glue connection's JDBC URL names the server; a secret or a connection supplies the login.
        String host = fromGlue ? "" : reader.string(P + "host");
        if (host != null && !host.isEmpty() && !HostName.isValid(host)) {
            reader.problem(P + "host", "invalid host " + reader.render(P + "host") + " for '" + P + "host'. Allowed: a "
                    + "host name (letters, digits, '-' and '.') or an IPv4 or IPv6 address, nothing else: port, "
                    + "database and TLS settings have keys of their own (source.port, source.database, source.ssl).");
            host = null;
        }
        Integer port = reader.intBetween(P + "port", 1, 65535);
        String database = fromGlue ? "" : reader.string(P + "database");
        String user = fromAws ? "" : reader.string(P + "user");
        Secret password = fromAws ? Secret.of("") : reader.secret(P + "password");
        SslMode mode = reader.choice(P + "ssl.mode", SslMode.BY_NAME);
        Boolean allowInsecure = reader.bool(P + "ssl.allow-insecure");
        String rootCert = reader.optionalString(P + "ssl.root-cert");
        Integer fetchSize = reader.intBetween(P + "fetch-size", 1, 1_000_000);
        var statementTimeout = reader.positiveDuration(P + "statement-timeout");
        var connectTimeout = reader.positiveDuration(P + "connect-timeout");
        var lockTimeout = reader.positiveDuration(P + "lock-timeout");
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
            } else if (!rootCert.matches("(classpath|s3|s3a):.*") && !ShippedFiles.isPresentOrShipped(rootCert)) {
                reader.problem(P + "ssl.root-cert", "CA file '" + rootCert + "' for '" + P + "ssl.root-cert' "
                        + "does not exist or is not a file. Give a PEM file as a local path, classpath:NAME, an "
                        + "s3:// URI, or a bare name shipped with spark-submit --files.");
            }
        }
        if (!fromAws && password.isEmpty() && reader.config().hasPath(P + "user")) {
            reader.problem(P + "password", "missing value for '" + P + "password'. Set it with password = ${?PGPASSWORD} "
                    + "and the PGPASSWORD environment variable, or in the configuration file, or take the credentials "
                    + "from AWS with " + P + "credentials.secret-id or " + P + "credentials.glue-connection.");
        }
        if (host == null || port == null || database == null || user == null || mode == null
                || fetchSize == null || statementTimeout == null || connectTimeout == null || lockTimeout == null
                || read == null) {
            return null;
        }
        return new SourceSettings(host, port, database, user, password, mode, rootCert, fetchSize,
                statementTimeout, connectTimeout, lockTimeout, applicationName, read, credentials);
    }

    /**
     * Reads {@code source.credentials} and rejects settings that would make it ambiguous where the
     * login (or, with a Glue connection, the server) comes from.
     */
    private static CredentialSettings credentials(ConfigReader reader) {
        String c = P + "credentials.";
        CredentialSettings credentials = new CredentialSettings(reader.optionalString(c + "secret-id").trim(),
                reader.optionalString(c + "glue-connection").trim(), reader.optionalString(c + "region").trim(),
                endpoint(reader, c + "secrets-manager-endpoint"), endpoint(reader, c + "glue-endpoint"));
        if (!credentials.secretId().isEmpty() && !credentials.glueConnection().isEmpty()) {
            reader.problem(c + "glue-connection", "conflicting value '" + credentials.glueConnection() + "' for '" + c
                    + "glue-connection': " + c + "secret-id is set too. Set one of them; a Glue connection may name "
                    + "its own secret with its SECRET_ID property.");
            return credentials;
        }
        String originKey = credentials.secretId().isEmpty() ? c + "glue-connection" : c + "secret-id";
        String origin = (credentials.secretId().isEmpty()
                ? "Glue connection '" + credentials.glueConnection() : "secret '" + credentials.secretId())
                + "' (" + originKey + ")";
        if (credentials.fromAws()) {
            for (String key : new String[] {"user", "password"}) {
                if (reader.isSet(P + key)) {
                    // Never echo a password, not even a conflicting one.
                    String value = key.equals("password") ? "" : " " + reader.render(P + key);
                    reader.problem(P + key, "conflicting value" + value + " for '" + P + key + "': the user and "
                            + "password come from " + origin + ". Remove " + P + "user and " + P + "password, or "
                            + originKey + ".");
                }
            }
        }
        if (!credentials.glueConnection().isEmpty()) {
            for (String key : new String[] {"host", "port", "database"}) {
                if (reader.isSet(P + key)) {
                    reader.problem(P + key, "conflicting value " + reader.render(P + key) + " for '" + P + key
                            + "': the server comes from the JDBC_CONNECTION_URL of " + origin + ". Remove " + P + key
                            + ", or " + originKey + ".");
                }
            }
        }
        return credentials;
    }

    private static String endpoint(ConfigReader reader, String path) {
        String endpoint = reader.optionalString(path).trim();
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^\\s/]+.*")) {
            reader.invalid(path, "an http:// or https:// URL, such as https://vpce-0abc.secretsmanager.eu-west-1"
                    + ".vpce.amazonaws.com, or empty for the region's standard endpoint");
        }
        return endpoint;
    }

    private static ReadSettings readSettings(ConfigReader reader) {
        Integer maxConnections = reader.intBetween(P + "max-connections", 1, 256);
        Integer connectAttempts = reader.intBetween(P + "connect-attempts", 1, 10);
        SnapshotMode snapshot = reader.choice(P + "snapshot.mode", SnapshotMode.BY_NAME);
        Integer rowsPerPartition = reader.intBetween(P + "partitioning.rows-per-partition", 1000, 1_000_000_000);
        Integer maxPartitions = reader.intBetween(P + "partitioning.max-partitions", 1, 10_000);
        ReadProtocol protocol = reader.choice(P + "read-protocol", ReadProtocol.BY_NAME);
        if (maxConnections == null || connectAttempts == null || snapshot == null || rowsPerPartition == null
                || maxPartitions == null || protocol == null) {
            return null;
        }
        return new ReadSettings(maxConnections, connectAttempts, snapshot, rowsPerPartition, maxPartitions, protocol);
    }
}
