package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.HostName;
import dev.snapshotsync.config.RowSecurityPolicy;
import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.tls.CaBundle;
import dev.snapshotsync.types.TypeMapping;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection properties for pgjdbc, shared by the driver-side catalog reads and Spark's JDBC
 * source on the executors. Every session is read-only (pgjdbc's readOnly plus the server-side
 * default_transaction_read_only) with the configured statement timeout. Credentials live only in
 * the properties, never in the URL, so the URL can be logged; the CA certificates travel in the
 * properties too, because executors cannot read the driver's files.
 */
public final class PgConnections {
    private static final Logger LOG = LoggerFactory.getLogger(PgConnections.class);

    private final SourceSettings source;
    private final Credentials credentials;
    private final Optional<CaBundle> ca;
    private final RowSecurityPolicy rowSecurity;

    public PgConnections(SourceSettings source, Credentials credentials, Optional<CaBundle> ca) {
        this(source, credentials, ca, RowSecurityPolicy.REFUSE);
    }

    private PgConnections(SourceSettings source, Credentials credentials, Optional<CaBundle> ca,
                          RowSecurityPolicy rowSecurity) {
        this.source = requireNonNull(source, "source is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.ca = requireNonNull(ca, "ca is null");
        this.rowSecurity = requireNonNull(rowSecurity, "rowSecurity is null");
    }

    /**
     * Sessions for a table with {@code row-security = apply}: row_security on, so policies filter
     * instead of failing the read. Every other session has it off (see {@link #properties()}).
     */
    public PgConnections withRowSecurity(RowSecurityPolicy policy) {
        return new PgConnections(source, credentials, ca, policy);
    }

    /**
     * Resolves what the settings point to: the credentials (configuration, Secrets Manager or a Glue
     * connection, see {@link CredentialResolver}) and the CA bundle (local, classpath or S3).
     */
    public static PgConnections resolve(SourceSettings configured, org.apache.hadoop.conf.Configuration hadoopConf) {
        CredentialResolver.Resolved resolved = CredentialResolver.resolve(configured);
        SourceSettings source = resolved.source();
        warnIfInsecure(source);
        Optional<CaBundle> ca = source.sslMode().verifiesServer() && !source.sslRootCert().isEmpty()
                ? Optional.of(CaBundle.load("snapshot-sync.source.ssl.root-cert", source.sslRootCert(), hadoopConf))
                : Optional.empty();
        return new PgConnections(source, resolved.credentials(), ca);
    }

    /** On every run, not once: allow-insecure is a standing risk that should stay visible in the job's log. */
    private static void warnIfInsecure(SourceSettings source) {
        String skipped = switch (source.sslMode()) {
            case VERIFY_FULL -> "";
            case VERIFY_CA -> "checking that its certificate names the host";
            case REQUIRE -> "verifying its certificate";
            case DISABLE -> "TLS";
        };
        if (!skipped.isEmpty()) {
            LOG.warn("source: ssl mode '{}' for 'snapshot-sync.source.ssl.mode' is weaker than verify-full: {} is read "
                    + "without {}. Allowed by source.ssl.allow-insecure = true; use verify-full with "
                    + "source.ssl.root-cert.", source.sslMode().pgName(), source.describe(), skipped);
        }
    }

    public SourceSettings settings() {
        return source;
    }

    /** The login role (from the configuration, a secret or a Glue connection). */
    public String user() {
        return credentials.user();
    }

    /** The CA certificates that verify the server; empty when the ssl mode does not verify. */
    public Optional<CaBundle> ca() {
        return ca;
    }

    /**
     * Carries the camel-case pgjdbc settings: Spark lower-cases the keys of the connection
     * properties it hands to executors, and pgjdbc matches property names exactly, so
     * {@code ApplicationName}, {@code readOnly} and {@code connectTimeout} only survive in the URL.
     */
    public String url() {
        if (!HostName.isValid(source.host())) {
            // Checked when the settings are read; a host from elsewhere must not become URL text either.
            throw ConfigurationException.of("invalid host '" + source.host() + "' for " + source.describe()
                    + ". Allowed: a host name or an IP address.");
        }
        return "jdbc:postgresql://" + HostName.forUrl(source.host()) + ":" + source.port() + "/"
                + URLEncoder.encode(source.database(), StandardCharsets.UTF_8)
                + "?ApplicationName=" + URLEncoder.encode(source.applicationName(), StandardCharsets.UTF_8)
                + "&readOnly=true&connectTimeout=" + Math.max(1, source.connectTimeout().toSeconds());
    }

    /** host:port/database as user, for messages; never holds credentials. */
    public String describe() {
        return source.describe() + " as '" + credentials.user() + "'";
    }

    /** Lower-case keys only (see {@link #url()}). */
    public Properties properties() {
        Properties props = new Properties();
        props.setProperty("user", credentials.user());
        props.setProperty("password", credentials.password().reveal());
        props.setProperty("sslmode", source.sslMode().pgName());
        ca.ifPresent(bundle -> {
            props.setProperty("sslfactory", PemTrustSocketFactory.class.getName());
            props.setProperty(PemTrustSocketFactory.PEM_PROPERTY, bundle.pem());
        });
        // Session settings the run depends on, as startup options so they win over ALTER ROLE and
        // ALTER DATABASE defaults: no idle-in-transaction timeout (the snapshot holder is idle while
        // Spark reads, a streaming read while Spark writes), bounded lock waits, and row_security
        // off, so the server refuses where a policy would filter instead of hiding rows.
        props.setProperty("options", "-c statement_timeout=" + source.statementTimeout().toMillis()
                + " -c lock_timeout=" + source.lockTimeout().toMillis()
                + " -c idle_in_transaction_session_timeout=0"
                + " -c row_security=" + (rowSecurity == RowSecurityPolicy.APPLY ? "on" : "off")
                + " -c default_transaction_read_only=on " + TypeMapping.SESSION_OPTIONS);
        return props;
    }

    /**
     * Opens a driver-side connection, retrying transient failures (refused, reset, timed out,
     * server starting or shutting down) with exponential backoff; the others fail at once with
     * what to fix.
     */
    public Connection open() {
        int attempts = source.read().connectAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                // Our bundled driver, not whichever DriverManager finds first: Glue puts its own
                // older pgjdbc on the class path.
                return new org.postgresql.Driver().connect(url(), properties());
            } catch (SQLException e) {
                if (attempt >= attempts || !isTransient(e)) {
                    throw translate(e, "connecting to");
                }
                long backoff = 1000L << (attempt - 1);
                LOG.warn("connecting to {} failed ({}); attempt {} of {} in {} ms", source.describe(),
                        Causes.firstLine(e.getMessage()), attempt + 1, attempts, backoff);
                sleep(backoff);
            }
        }
    }

    static boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 08: connection exceptions; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
        return (state.startsWith("08") && !Causes.chainText(e).contains("SSL")) || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to reconnect", e);
        }
    }

    public SnapshotSyncException translate(Throwable e, String doing) {
        String where = "source: " + doing + " PostgreSQL at " + describe();
        String text = Causes.chainText(e);
        Optional<SQLException> sql = sqlCause(e);
        String state = sql.map(SQLException::getSQLState).orElse("");
        String caFile = ca.map(CaBundle::location).orElse(source.sslRootCert());
        String hint;
        Optional<Throwable> expired = causeOf(e, java.security.cert.CertificateExpiredException.class);
        if (expired.isPresent()) {
            hint = "the server's certificate chain is not valid now: " + Causes.firstLine(expired.get().getMessage())
                    + ". libpq refuses it too. Renew the certificate or give the current CA bundle in "
                    + "source.ssl.root-cert (now '" + caFile + "').";
        } else if ("55P03".equals(state)) {
            hint = "waited longer than source.lock-timeout (" + source.lockTimeout() + ") for a lock ("
                    + Causes.firstLine(sql.map(SQLException::getMessage).orElse(e.getMessage())) + "). Another "
                    + "session holds or waits for a conflicting lock (such as TRUNCATE, ALTER TABLE or VACUUM FULL); "
                    + "nothing was published. Run again when it has finished, or raise source.lock-timeout.";
        } else if (text.contains("PKIX path") || text.contains("CertPathValidatorException")
                || text.contains("unable to find valid certification path")) {
            hint = "the server certificate of " + source.host() + " could not be verified against the CA file '"
                    + caFile + "' (source.ssl.root-cert). Give the CA bundle that signed the server certificate "
                    + "(for Amazon RDS, the global bundle for your region).";
        } else if (text.contains("could not be verified by hostnameverifier")
                || text.contains("hostname") && text.contains("verif") || namesOtherHost(e)) {
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
            hint = "password authentication failed for user '" + credentials.user() + "'. Check "
                    + credentials.passwordOrigin() + ".";
        } else if ("3D000".equals(state)) {
            hint = "database '" + source.database() + "' does not exist. Check source.database.";
        } else if ("42501".equals(state)) {
            hint = "permission denied: " + Causes.firstLine(Causes.root(e).getMessage()) + ". The role needs SELECT "
                    + "on every exported table and USAGE on its schema.";
        } else if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || text.contains("An I/O error occurred while sending to the backend")
                // pgjdbc's words for a session lost in a COPY: when starting, reading from or ending it.
                || text.contains("Database connection failed when")) {
            hint = "the server ended the session (" + Causes.firstLine(Causes.root(e).getMessage()) + "): a restart, "
                    + "a failover or an administrator's pg_terminate_backend. Nothing was published; run again.";
        } else if ("57014".equals(state)) {
            hint = "a statement ran longer than source.statement-timeout (" + source.statementTimeout() + "). "
                    + "Split the table into more partitions (tables.<name>.partition.count) or raise the timeout.";
        } else if (state.startsWith("08") || text.contains("Connection refused") || text.contains("UnknownHost")) {
            hint = "the server cannot be reached (" + Causes.firstLine(Causes.root(e).getMessage()) + "). Check "
                    + "source.host and source.port, and that the network (security group, VPC connection) lets the "
                    + "job through.";
        } else {
            // The SQLException's own words, not Spark's wrapping of it (Spark 3.5 puts
            // TASK_WRITE_FAILED first), e.g. a value the reader cannot represent.
            String message = sql.map(SQLException::getMessage).orElse(e.getMessage());
            hint = (state.isEmpty() ? "" : "SQL state " + state + ": ") + Causes.firstLine(message);
        }
        return SnapshotSyncException.source(where + " failed: " + hint, e);
    }

    private static Optional<Throwable> causeOf(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The database's own exception in a chain that Spark and pgjdbc may have wrapped: the first with a state. */
    /**
     * JSSE's own host check (preflight's TLS probe handshakes without pgjdbc) fails with a
     * CertificateException naming no SAN or no name matching the host.
     */
    private static boolean namesOtherHost(Throwable e) {
        return causeOf(e, java.security.cert.CertificateException.class).map(Throwable::getMessage)
                .filter(m -> m.contains("No subject alternative") || m.contains("No name matching")).isPresent();
    }

    /** The SQLException in a failure's causes (the driver's, also when Spark wraps it in the same JVM). */
    public static Optional<SQLException> sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
