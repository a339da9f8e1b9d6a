package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Where and how to read the source database. {@code sslRootCert} is empty when the mode does not verify. */
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
        String applicationName,
        ReadSettings read) {
    public SourceSettings {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(sslMode, "sslMode is null");
        requireNonNull(sslRootCert, "sslRootCert is null");
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(applicationName, "applicationName is null");
        requireNonNull(read, "read is null");
    }

    /** host:port/database, for messages; never holds credentials. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }
}
