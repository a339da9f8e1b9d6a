package dev.snapshotsync.source;

import dev.snapshotsync.config.TableSettings;
import dev.snapshotsync.errors.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Describes every table of a run from the catalog and plans its partitions, on one driver session. */
public final class ReadPlanner {
    private final PgConnections connections;

    public ReadPlanner(PgConnections connections) {
        this.connections = connections;
    }

    /** Every missing table is reported at once (exit 2). */
    public Map<TableSettings, TableReadPlan> plan(List<TableSettings> tables) {
        Map<TableSettings, TableReadPlan> plans = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        try (Connection connection = connections.open()) {
            CatalogReader catalog = new CatalogReader(connection);
            PartitionPlanner planner = new PartitionPlanner(connection, connections.settings().read());
            for (TableSettings table : tables) {
                Optional<TableDescription> description = catalog.describe(table.source());
                if (description.isEmpty()) {
                    missing.add("table '" + table.source() + "' for 'snapshot-sync.tables." + table.name()
                            + "' does not exist in database " + connections.settings().describe()
                            + ". Check the schema and table names (case matters for quoted names).");
                    continue;
                }
                plans.put(table, new TableReadPlan(description.get(),
                        planner.plan(table.name(), description.get(), table.partition())));
            }
        } catch (SQLException e) {
            throw connections.translate(e, "reading the catalog of");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException(missing);
        }
        return plans;
    }
}
