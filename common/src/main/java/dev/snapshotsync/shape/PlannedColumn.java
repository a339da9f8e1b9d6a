package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.ColumnAction;
import dev.snapshotsync.config.SanitizeProfile;
import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.types.TypeMapping;
import dev.snapshotsync.types.ValueKind;
import org.apache.spark.sql.types.DataType;

/**
 * One output column: the source column it comes from, its output name, the action, the sanitize
 * profile (applied to text columns that are kept), how it is read ({@code mapped}) and the Spark
 * type and kind it is written with.
 */
public record PlannedColumn(SourceColumn source, String output, ColumnAction action, SanitizeProfile sanitize,
                            TypeMapping.Mapped mapped, DataType outputType, ValueKind outputKind) {
    public PlannedColumn {
        requireNonNull(source, "source is null");
        requireNonNull(output, "output is null");
        requireNonNull(action, "action is null");
        requireNonNull(sanitize, "sanitize is null");
        requireNonNull(mapped, "mapped is null");
        requireNonNull(outputType, "outputType is null");
        requireNonNull(outputKind, "outputKind is null");
    }

    /** Sanitize rules apply to kept character data only: hashes, masks and other types are left alone. */
    public boolean sanitized() {
        return action == ColumnAction.KEEP && mapped.kind() == ValueKind.TEXT && !sanitize.changesNothing();
    }
}
