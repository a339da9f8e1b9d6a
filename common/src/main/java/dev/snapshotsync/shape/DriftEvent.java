package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

/** One difference between a table's contract and its catalog, and what the run did about it. */
public record DriftEvent(Kind kind, String column, String detail, String outcome) {
    public enum Kind { ADDED, MISSING, TYPE_CHANGED }

    public DriftEvent {
        requireNonNull(kind, "kind is null");
        requireNonNull(column, "column is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(outcome, "outcome is null");
    }
}
