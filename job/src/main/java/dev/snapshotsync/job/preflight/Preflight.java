package dev.snapshotsync.job.preflight;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.EncryptionMode;
import dev.snapshotsync.config.RowSecurityPolicy;
import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.job.export.CatalogStep;
import dev.snapshotsync.job.export.LayoutNames;
import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.ColumnPlanner;
import dev.snapshotsync.sink.EncryptionVerifier;
import dev.snapshotsync.sink.ObjectEncryption;
import dev.snapshotsync.sink.S3aConfigurer;
import dev.snapshotsync.sink.TargetErrors;
import dev.snapshotsync.sink.TargetLocation;
import dev.snapshotsync.source.CatalogReader;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.source.TableDescription;
import dev.snapshotsync.source.TlsProbe;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.SourceColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checks of {@code preflight}, in the order a run needs them: TLS to the database, login,
 * SELECT on each table, then a test object under {@code <control>/_preflight/} (target.control-uri,
 * the target's root by default) written with the run's encryption, checked with HeadObject and deleted. A failed step says what to fix; steps
 * that depend on it are skipped rather than failing for the same reason twice.
 */
public final class Preflight {
    private final Settings settings;
    private final Configuration hadoopConf;

    public Preflight(Settings settings, Configuration hadoopConf) {
        this.settings = requireNonNull(settings, "settings is null");
        this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    }

    public List<PreflightCheck> run() {
        List<PreflightCheck> checks = new ArrayList<>();
        PgConnections connections;
        try {
            connections = PgConnections.resolve(settings.source(), hadoopConf);
        } catch (SnapshotSyncException e) {
            checks.add(PreflightCheck.failed("credentials and CA certificates", e.getMessage(), e.kind()));
            checks.add(PreflightCheck.skipped("TLS handshake, login and SELECT", "need the credentials and CA"));
            checks.add(target());
            return checks;
        }
        PreflightCheck tls = tls(connections);
        checks.add(tls);
        if (tls.status() == PreflightCheck.Status.FAILED) {
            checks.add(PreflightCheck.skipped("login", "needs the TLS handshake"));
            checks.add(PreflightCheck.skipped("SELECT on the tables", "needs the TLS handshake"));
        } else {
            checks.addAll(database(connections));
        }
        checks.add(target());
        return checks;
    }

    private PreflightCheck tls(PgConnections connections) {
        SourceSettings source = connections.settings();
        String name = "TLS handshake with " + source.host() + ":" + source.port();
        if (!source.sslMode().verifiesServer()) {
            return PreflightCheck.skipped(name, "source.ssl.mode is " + source.sslMode().pgName()
                    + ": the server certificate is not verified");
        }
        try {
            TlsProbe.Result result = TlsProbe.handshake(connections);
            return PreflightCheck.passed(name, result.protocol() + ", server certificate '" + result.subject()
                    + "' issued by '" + result.issuer() + "', verified (" + source.sslMode().pgName() + ")");
        } catch (IOException | java.security.GeneralSecurityException e) {
            return PreflightCheck.failed(name, sourceHint(connections, e, "a TLS handshake with"), ErrorKind.SOURCE);
        }
    }

    private List<PreflightCheck> database(PgConnections connections) {
        List<PreflightCheck> checks = new ArrayList<>();
        SourceSettings source = connections.settings();
        String login = "login as '" + connections.user() + "' to database '" + source.database() + "'";
        try (Connection connection = connections.open()) {
            checks.add(PreflightCheck.passed(login, "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion()));
            CatalogReader catalog = new CatalogReader(connection);
            for (TableSettings table : settings.tables()) {
                checks.add(select(connections, connection, catalog, table));
            }
        } catch (SnapshotSyncException e) {
            checks.add(PreflightCheck.failed(login, e.getMessage(), e.kind()));
        } catch (SQLException e) {
            checks.add(PreflightCheck.failed(login, sourceHint(connections, e, "logging in to"), ErrorKind.SOURCE));
        }
        return checks;
    }

    private PreflightCheck select(PgConnections connections, Connection connection, CatalogReader catalog,
                                  TableSettings table) {
        String name = "SELECT on " + table.relation().label() + " (table '" + table.name() + "')";
        try {
            Optional<TableDescription> description = catalog.describe(table.relation());
            if (description.isEmpty()) {
                return PreflightCheck.failed(name, CatalogStep.missingTable(connections, table), ErrorKind.CONFIGURATION);
            }
            // A query's own SELECT list says what it reads; a table's contract does.
            String select = table.relation() instanceof Relation.NamedTable
                    ? contractColumns(table, description.get().columns()) : "*";
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET row_security = " + (table.rowSecurity() == RowSecurityPolicy.APPLY ? "on" : "off"));
                statement.executeQuery("SELECT " + select + " FROM " + table.relation().from() + " WHERE false").close();
            }
            List<String> layout = layoutProblems(table, description.get());
            return layout.isEmpty() ? PreflightCheck.passed(name, "allowed")
                    : PreflightCheck.failed(name, String.join(" ", layout), ErrorKind.CONFIGURATION);
        } catch (ConfigurationException e) {
            return PreflightCheck.failed(name, e.getMessage(), ErrorKind.CONFIGURATION);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                return PreflightCheck.failed(name, "permission denied for '" + connections.user() + "' ("
                        + Causes.firstLine(e.getMessage()) + "). Ask for " + grants(table.relation())
                        + " TO " + connections.user() + "; where the server "
                        + "names row-level security, see 'snapshot-sync.tables." + table.name() + ".row-security'.",
                        ErrorKind.SOURCE);
            }
            return PreflightCheck.failed(name, sourceHint(connections, e, "reading " + table.describeRelation() + " from"),
                    ErrorKind.SOURCE);
        }
    }

    /** The grants a role needs to read the relation: on the table by name, or on those a query reads. */
    private static String grants(Relation relation) {
        if (relation instanceof Relation.NamedTable named) {
            return "GRANT USAGE ON SCHEMA " + named.name().schema().quoted() + " and GRANT SELECT ON "
                    + named.name().quoted() + " (or on the columns the contract reads)";
        }
        return "USAGE on the schemas and SELECT on the tables the query reads";
    }

    /** What the run would refuse before writing: a contract that does not fit, names the layout reserves. */
    private static List<String> layoutProblems(TableSettings table, TableDescription description) {
        try {
            ColumnPlan plan = ColumnPlanner.plan(table.name(), table.relation().label(), table.contract(),
                    description.columns());
            return LayoutNames.problems(table.name(), table.relation().label(), plan);
        } catch (ConfigurationException e) {
            return e.problems();
        }
    }

    /**
     * The columns a run reads under the table's contract, quoted: a role may lack SELECT on a column
     * the contract leaves out (column privileges), and a run never reads it.
     */
    private static String contractColumns(TableSettings table, List<SourceColumn> columns) {
        List<SourceColumn> read = ColumnPlanner.plan(table.name(), table.relation().label(), table.contract(),
                columns).readColumns();
        return read.isEmpty() ? "" : String.join(", ", read.stream().map(c -> c.name().quoted()).toList());
    }

    private PreflightCheck target() {
        var target = settings.target();
        Path probe = TargetLocation.of(target).preflightProbe(UUID.randomUUID().toString());
        String name = "test object " + probe;
        try {
            S3aConfigurer.apply(hadoopConf, target);
            FileSystem fs = S3aConfigurer.controlFileSystem(hadoopConf, target);
            try (OutputStream out = fs.create(probe, true)) {
                out.write("snapshot-sync preflight\n".getBytes(StandardCharsets.UTF_8));
            }
            try {
                return PreflightCheck.passed(name, "written, " + encryption(fs, probe) + ", deleted");
            } finally {
                fs.delete(probe, false);
            }
        } catch (SnapshotSyncException e) {
            return PreflightCheck.failed(name, e.getMessage(), e.kind());
        } catch (IOException | RuntimeException e) {
            return PreflightCheck.failed(name, TargetErrors.translateControl(e, target, "writing a test object under")
                    .getMessage(), ErrorKind.TARGET);
        }
    }

    private String encryption(FileSystem fs, Path probe) throws IOException {
        var encryption = settings.target().encryption();
        if (encryption.mode() == EncryptionMode.NONE) {
            return "not encrypted (target.encryption.mode = none)";
        }
        EncryptionVerifier verifier = new EncryptionVerifier(fs, encryption.kmsKeyId());
        ObjectEncryption seen = verifier.describe(probe);
        verifier.verify(List.of(probe), "under '_preflight/'");
        return "HeadObject shows " + seen.algorithm() + " with key '" + seen.keyId() + "'";
    }

    private static String sourceHint(PgConnections connections, Exception e, String doing) {
        return connections.translate(e, doing).getMessage();
    }
}
