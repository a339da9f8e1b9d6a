package dev.snapshotsync.source;

import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.shape.TypeMapping;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connection properties for pgjdbc, shared by the driver-side catalog reads and Spark's JDBC
 * source on the executors. Every session is read-only; credentials live only in the properties,
 * never in the URL, so the URL can be logged.
 */
public final class PgConnections {
    private PgConnections() {}

    public static String url(SourceSettings source) {
        return "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
    }

    public static Properties properties(SourceSettings source) {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        props.setProperty("password", source.password().reveal());
        props.setProperty("sslmode", source.sslMode().pgName());
        if (!source.sslRootCert().isEmpty()) {
            props.setProperty("sslrootcert", source.sslRootCert());
        }
        props.setProperty("connectTimeout", Long.toString(Math.max(1, source.connectTimeout().toSeconds())));
        props.setProperty("ApplicationName", source.applicationName());
        // readOnlyMode=always makes pgjdbc start every transaction READ ONLY, also in autocommit.
        props.setProperty("readOnly", "true");
        props.setProperty("readOnlyMode", "always");
        props.setProperty("options", "-c statement_timeout=" + source.statementTimeout().toMillis() + " "
                + TypeMapping.SESSION_OPTIONS);
        return props;
    }

    /** Opens a driver-side connection, translating the well-known failures into what to fix. */
    public static Connection open(SourceSettings source) {
        try {
            return DriverManager.getConnection(url(source), properties(source));
        } catch (SQLException e) {
            throw translate(e, source, "connecting to");
        }
    }

    public static SnapshotSyncException translate(Throwable e, SourceSettings source, String doing) {
        String where = "source: " + doing + " PostgreSQL at " + source.describe() + " as '" + source.user() + "'";
        String text = Causes.chainText(e);
        String state = sqlState(e);
        String hint;
        if (text.contains("PKIX path") || text.contains("CertPathValidatorException")
                || text.contains("unable to find valid certification path")) {
            hint = "the server certificate of " + source.host() + " could not be verified against the CA file '"
                    + source.sslRootCert() + "' (source.ssl.root-cert). Give the CA bundle that signed the "
                    + "server certificate (for Amazon RDS, the global bundle for your region).";
        } else if (text.contains("could not be verified by hostnameverifier") || text.contains("hostname")
                && text.contains("verif")) {
            hint = "the server certificate does not name the host '" + source.host() + "'. Connect with the host "
                    + "name the certificate was issued for (the RDS endpoint, not an IP address or alias).";
        } else if ((text.contains("no pg_hba.conf entry") || text.contains("pg_hba.conf rejects connection"))
                && (text.contains("no encryption") || text.contains("SSL off"))) {
            hint = "the server refuses connections without TLS. Set source.ssl.mode = verify-full with "
                    + "source.ssl.root-cert.";
        } else if (text.contains("no pg_hba.conf entry") || text.contains("pg_hba.conf rejects connection")) {
            hint = "the server's pg_hba.conf does not admit this user, database or address. Ask the database "
                    + "administrator for a hostssl entry.";
        } else if ("28P01".equals(state) || text.contains("password authentication failed")) {
            hint = "password authentication failed for user '" + source.user() + "'. Check source.password "
                    + "(or the secret it comes from).";
        } else if ("3D000".equals(state)) {
            hint = "database '" + source.database() + "' does not exist. Check source.database.";
        } else if (state.startsWith("08") || text.contains("Connection refused") || text.contains("UnknownHost")) {
            hint = "the server cannot be reached. Check source.host and source.port, and that the network "
                    + "(security group, VPC connection) lets the job through.";
        } else if ("57014".equals(state)) {
            hint = "the statement ran longer than source.statement-timeout (" + source.statementTimeout() + ").";
        } else {
            hint = (state.isEmpty() ? "" : "SQL state " + state + ": ") + Causes.firstLine(e.getMessage());
        }
        return SnapshotSyncException.source(where + " failed: " + hint, e);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }


}
