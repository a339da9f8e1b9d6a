package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.Secret;
import java.util.List;

/**
 * A table's contract. An empty {@code columns} list means every source column in catalog order
 * (then only type drift of listed columns can occur, and none is listed). {@code sanitize} is the
 * table's profile; {@code hashSalt} prefixes every hashed value.
 */
public record TableContract(List<ColumnContract> columns, DriftPolicy drift, SanitizeProfile sanitize,
                            Secret hashSalt) {
    public static final TableContract ALL_COLUMNS = new TableContract(List.of(), DriftPolicy.FAIL,
            SanitizeProfile.NONE, Secret.of(""));

    public TableContract {
        columns = List.copyOf(columns);
        requireNonNull(drift, "drift is null");
        requireNonNull(sanitize, "sanitize is null");
        requireNonNull(hashSalt, "hashSalt is null");
    }

    public boolean listsAllColumns() {
        return columns.isEmpty();
    }
}
