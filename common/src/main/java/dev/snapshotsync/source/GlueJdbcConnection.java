package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Secret;
import dev.snapshotsync.errors.ConfigurationException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * What this tool takes from a Glue JDBC connection's properties: the server from
 * JDBC_CONNECTION_URL (host, port, database; URL parameters such as sslmode are not used, TLS is
 * configured under source.ssl), the login from USERNAME and PASSWORD or from the secret named by
 * SECRET_ID, and JDBC_ENFORCE_SSL. Exactly one of {@code secretId} and {@code user}/{@code password}
 * is non-empty.
 */
record GlueJdbcConnection(String name, String host, int port, String database, boolean enforceSsl, String secretId,
                          String user, Secret password) {
    static final String URL = "JDBC_CONNECTION_URL";

    GlueJdbcConnection {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(secretId, "secretId is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    static GlueJdbcConnection parse(String name, Map<String, String> properties) {
        String url = properties.getOrDefault(URL, "");
        if (url.isBlank()) {
            throw problem(name, "missing property '" + URL + "'", "Give the connection a JDBC URL such as "
                    + "jdbc:postgresql://HOST:5432/DATABASE.");
        }
        // pgjdbc's own URL parser, so host, port and database mean what they mean to the driver.
        Properties parsed = url.startsWith("jdbc:postgresql:") ? Driver.parseURL(url, null) : null;
        String host = parsed == null ? "" : parsed.getProperty("PGHOST", "");
        String database = parsed == null ? "" : parsed.getProperty("PGDBNAME", "");
        if (!dev.snapshotsync.config.HostName.isValid(host) || database.isEmpty()) {
            // Only the part before '?' is shown: URL parameters may carry a password.
            String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url;
            throw problem(name, "invalid value '" + shown + "' of property '" + URL + "'", "Allowed: one "
                    + "PostgreSQL server as jdbc:postgresql://HOST:PORT/DATABASE.");
        }
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432"));
        boolean enforceSsl = "true".equals(properties.getOrDefault("JDBC_ENFORCE_SSL", "").toLowerCase(Locale.ROOT));
        String secretId = properties.getOrDefault("SECRET_ID", "").trim();
        if (!secretId.isEmpty()) {
            return new GlueJdbcConnection(name, host, port, database, enforceSsl, secretId, "", Secret.of(""));
        }
        for (String key : new String[] {"USERNAME", "PASSWORD"}) {
            if (properties.getOrDefault(key, "").isEmpty()) {
                throw problem(name, "missing property '" + key + "'", "A JDBC connection needs USERNAME and "
                        + "PASSWORD, or SECRET_ID naming a Secrets Manager secret.");
            }
        }
        return new GlueJdbcConnection(name, host, port, database, enforceSsl, "", properties.get("USERNAME"),
                Secret.of(properties.get("PASSWORD")));
    }

    private static ConfigurationException problem(String name, String problem, String hint) {
        return ConfigurationException.of(problem + " in Glue connection '" + name
                + "' for 'snapshot-sync.source.credentials.glue-connection'. " + hint);
    }
}
