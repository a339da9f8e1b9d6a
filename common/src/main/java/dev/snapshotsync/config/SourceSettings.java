package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where and how to read the source database. {@code sslRootCert} is empty when the mode does not verify.
 * With credentials from AWS, {@code user} and {@code password} are empty; with a Glue connection,
 * {@code host} and {@code database} are empty too until the connection is resolved
 * ({@code dev.snapshotsync.source.CredentialResolver}). {@code host} is a host name or an IP address
 * ({@link HostName}), never URL text. {@code lockTimeout} bounds each wait for a table lock.
 */
public record SourceSettings(
        String host,
        int port,
        String database,
        String user,
        Secret password,
        SslMode sslMode,
        String sslRootCert,
        int fetchSize,
        Duration statementTimeout,
        Duration connectTimeout,
        Duration lockTimeout,
        String applicationName,
        ReadSettings read,
        CredentialSettings credentials) {
    public SourceSettings {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(sslMode, "sslMode is null");
        requireNonNull(sslRootCert, "sslRootCert is null");
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(lockTimeout, "lockTimeout is null");
        requireNonNull(applicationName, "applicationName is null");
        requireNonNull(read, "read is null");
        requireNonNull(credentials, "credentials is null");
    }

    /** These settings with the server named by a Glue connection. */
    public SourceSettings withEndpoint(String newHost, int newPort, String newDatabase) {
        return new SourceSettings(newHost, newPort, newDatabase, user, password, sslMode, sslRootCert, fetchSize,
                statementTimeout, connectTimeout, lockTimeout, applicationName, read, credentials);
    }

    /** host:port/database, for messages; never holds credentials. */
    public String describe() {
        if (host.isEmpty()) {
            return "the database of Glue connection '" + credentials.glueConnection() + "'";
        }
        return host + ":" + port + "/" + database;
    }
}
