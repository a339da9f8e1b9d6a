package dev.snapshotsync.catalog;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.GlueCatalogSettings;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import dev.snapshotsync.manifest.Manifest;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates a table in the Glue Data Catalog and puts the day's partition in, replacing
 * the partition of an earlier run of the same day. Credentials come from the SDK's default chain
 * (the job's role). Needs glue:GetTable, glue:CreateTable, glue:UpdateTable, glue:CreatePartition
 * and glue:UpdatePartition on the catalog, the database and its tables.
 */
public final class GlueRegistrar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GlueRegistrar.class);

    private final GlueCatalogSettings settings;
    private final CatalogTable tables;
    private final GlueClient glue;

    public GlueRegistrar(TargetSettings target) {
        this.settings = requireNonNull(target, "target is null").catalog();
        this.tables = new CatalogTable(target);
        GlueClientBuilder builder = GlueClient.builder();
        if (!settings.region().isEmpty()) {
            builder.region(Region.of(settings.region()));
        }
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.glue = builder.build();
    }

    /**
     * Registers one published day. {@code tableLocation} and {@code dayLocation} are s3:// folders
     * ending in '/'. Throws a target error that says the day is published and a rerun registers it.
     */
    public void register(Manifest manifest, String tableLocation, String dayLocation) {
        TableInput table = tables.table(manifest, tableLocation);
        String what = "table '" + settings.database() + "." + table.name() + "'";
        try {
            putTable(table);
            if (tables.hasPartitions(manifest)) {
                what = "partition " + CatalogTable.DATE_KEY + "=" + manifest.snapshotDate() + " of " + what;
                putPartition(table, tables.partition(table, manifest.snapshotDate(), dayLocation));
            }
        } catch (SdkException e) {
            throw failure(e, manifest, what);
        }
    }

    private void putTable(TableInput table) {
        Table existing;
        try {
            existing = glue.getTable(r -> r.databaseName(settings.database()).name(table.name())).table();
        } catch (EntityNotFoundException missing) {
            try {
                glue.createTable(r -> r.databaseName(settings.database()).tableInput(table));
                LOG.info("catalog: created table {}.{} at {}", settings.database(), table.name(),
                        table.storageDescriptor().location());
                return;
            } catch (AlreadyExistsException raced) {
                existing = null; // another run created it in between: update it like any existing table
            }
        }
        if (existing == null || !sameDefinition(existing, table)) {
            glue.updateTable(r -> r.databaseName(settings.database()).tableInput(table));
            LOG.info("catalog: updated table {}.{} (columns {})", settings.database(), table.name(),
                    table.storageDescriptor().columns().stream().map(c -> c.name() + " " + c.type()).toList());
        }
    }

    /** Columns, SerDe, location and parameters as this run would write them; Glue adds its own parameters. */
    private static boolean sameDefinition(Table existing, TableInput wanted) {
        var sd = existing.storageDescriptor();
        return sd != null && Objects.equals(sd.columns(), wanted.storageDescriptor().columns())
                && Objects.equals(sd.serdeInfo(), wanted.storageDescriptor().serdeInfo())
                && Objects.equals(sd.location(), wanted.storageDescriptor().location())
                && Objects.equals(existing.partitionKeys(), wanted.partitionKeys())
                && existing.parameters().entrySet().containsAll(wanted.parameters().entrySet());
    }

    private void putPartition(TableInput table, PartitionInput partition) {
        try {
            glue.createPartition(r -> r.databaseName(settings.database()).tableName(table.name())
                    .partitionInput(partition));
        } catch (AlreadyExistsException rerun) {
            glue.updatePartition(r -> r.databaseName(settings.database()).tableName(table.name())
                    .partitionValueList(partition.values()).partitionInput(partition));
        }
        LOG.info("catalog: partition {}={} of {}.{} at {}", CatalogTable.DATE_KEY, partition.values().get(0),
                settings.database(), table.name(), partition.storageDescriptor().location());
    }

    private SnapshotSyncException failure(SdkException e, Manifest manifest, String what) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : "";
        String hint = switch (code) {
            case "EntityNotFoundException" -> "Glue has no database '" + settings.database() + "'. Create it (the "
                    + "CloudFormation stack does) or correct target.glue-catalog.database.";
            case "AccessDeniedException" -> "the job's role may not change the catalog. It needs glue:GetTable, "
                    + "glue:CreateTable, glue:UpdateTable, glue:CreatePartition and glue:UpdatePartition on the "
                    + "catalog, database '" + settings.database() + "' and its tables.";
            case "" -> "the Glue API could not be reached" + (settings.endpoint().isEmpty() ? "" : " at '"
                    + settings.endpoint() + "'") + " (" + Causes.firstLine(Causes.root(e).getMessage())
                    + "). Check target.glue-catalog.region and endpoint.";
            default -> code + ": " + Causes.firstLine(e.getMessage());
        };
        return SnapshotSyncException.target("catalog: registering " + what + " failed: " + hint + " The day "
                + manifest.snapshotDate() + " of table " + manifest.table() + " is published (_SUCCESS written); "
                + "run the export of this date again to register it.", e);
    }

    @Override
    public void close() {
        glue.close();
    }
}
