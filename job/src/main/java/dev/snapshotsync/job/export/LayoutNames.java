package dev.snapshotsync.job.export;

import dev.snapshotsync.shape.ColumnPlan;
import dev.snapshotsync.shape.PlannedColumn;
import dev.snapshotsync.sink.TargetLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the output layout needs of a table's column plan, checked by {@code validate},
 * {@code preflight} and {@code export} before anything is written: at least one column, and no
 * output name that the layout itself uses. Day folders are Hive-style partitions
 * ({@code snapshot_date=D}), so Athena, Glue and Spark add a {@code snapshot_date} column to every
 * row; a data column of that name (in any case: Spark and Hive names are case-insensitive) clashes
 * with it in CSV, JSON Lines and Parquet, and in Delta its values would be replaced by the day.
 * Delta's own limits on names (spaces, {@code ,;{}()=}) are lifted by column mapping, which the
 * Delta writer turns on when a name needs it; control characters are refused for every format
 * by the column planner.
 */
public final class LayoutNames {
    private LayoutNames() {}

    public static List<String> problems(String table, String source, ColumnPlan plan) {
        String key = "snapshot-sync.tables." + table + ".columns";
        List<String> problems = new ArrayList<>();
        if (plan.columns().isEmpty()) {
            problems.add("table '" + table + "': no column to export from " + source + " for '" + key + "' (the "
                    + "source has no columns, or the contract excludes them all). Allowed: at least one column. "
                    + "Add a column to the source or keep one in the contract.");
        }
        for (PlannedColumn column : plan.columns()) {
            if (column.output().toLowerCase(Locale.ROOT).equals(TargetLocation.DATE_KEY)) {
                String name = column.source().name().name();
                problems.add("table '" + table + "': output column '" + column.output() + "' for '" + key
                        + "' collides with the day folders' partition key " + TargetLocation.DATE_KEY
                        + ". Allowed: any other name. Rename it in the contract: { name = \"" + name
                        + "\", output = \"source_" + name.toLowerCase(Locale.ROOT) + "\" }.");
            }
        }
        return problems;
    }
}
