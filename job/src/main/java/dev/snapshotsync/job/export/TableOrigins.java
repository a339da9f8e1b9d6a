package dev.snapshotsync.job.export;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.manifest.TableOrigin;
import dev.snapshotsync.source.PartitionPlan;
import dev.snapshotsync.source.PgConnections;
import dev.snapshotsync.sql.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What the read and shape steps tell a table's manifest ({@link TableOrigin}); the write side adds
 * the rest when it writes {@code _manifest.json}.
 */
final class TableOrigins {
    private final Settings settings;
    private final PgConnections connections;
    private final CatalogStep.Server server;
    private final SourceSnapshot snapshot;

    /** {@code connections} has the source as resolved (a Glue connection may name the host). */
    TableOrigins(Settings settings, PgConnections connections, CatalogStep.Server server, SourceSnapshot snapshot) {
        this.settings = requireNonNull(settings, "settings is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.server = requireNonNull(server, "server is null");
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
    }

    TableOrigin of(TableRun run) {
        var source = connections.settings();
        PartitionPlan partitions = run.source.partitions();
        boolean location = settings.target().manifestSourceLocation();
        return new TableOrigin(
                run.table.name(),
                new Manifest.SourceInfo(location ? source.host() : null, location ? source.port() : null,
                        location ? source.database() : null,
                        kind(run.table.relation()), schema(run.table.relation()), table(run.table.relation()),
                        server.version(), snapshot.snapshotId().orElse(null), server.tlsProtocol(),
                        snapshot.consistent(), run.source.rowSecurityApplied() ? Manifest.SourceInfo.ROW_SECURITY_APPLIED
                        : Manifest.SourceInfo.ROW_SECURITY_OFF),
                columns(run),
                sanitization(run),
                new Manifest.PartitionPlanInfo(partitions.strategy().manifestName(), partitions.count(), partitions.bounds()),
                run.source.description().primaryKey(),
                run.source.columns().drift().stream()
                        .map(d -> new Manifest.DriftEntry(d.column(), d.kind().name().toLowerCase(Locale.ROOT),
                                d.detail() + "; " + d.outcome()))
                        .toList());
    }

    private static String kind(Relation relation) {
        return relation instanceof Relation.NamedTable ? Manifest.SourceInfo.KIND_TABLE : Manifest.SourceInfo.KIND_QUERY;
    }

    /** A custom query has no schema or table: the manifest leaves both out rather than invent them. */
    private static String schema(Relation relation) {
        return relation instanceof Relation.NamedTable named ? named.name().schema().name() : null;
    }

    private static String table(Relation relation) {
        return relation instanceof Relation.NamedTable named ? named.name().table().name() : null;
    }

    /** The column plan: each written column's source name and type, and its output name and type. */
    private static List<Manifest.ColumnEntry> columns(TableRun run) {
        return run.source.columns().columns().stream()
                .map(c -> new Manifest.ColumnEntry(c.source().name().name(), c.source().declaredType(), c.output(),
                        c.outputType().simpleString()))
                .toList();
    }

    /** Values each sanitize rule changed, per output column (known once the table is written). */
    private static List<Manifest.SanitizationCount> sanitization(TableRun run) {
        List<Manifest.SanitizationCount> counts = new ArrayList<>();
        if (run.shape() != null) {
            new TreeMap<>(run.shape().sanitizeCounts()).forEach((column, rules) -> new TreeMap<>(rules)
                    .forEach((rule, count) -> counts.add(new Manifest.SanitizationCount(column, rule, count))));
        }
        return counts;
    }
}
