package dev.snapshotsync.sink;

/**
 * The steps of a day's publish (DayPublisher), each a state a reader may find if the run stops
 * after it; a failed run names, table by table, the step each day reached.
 */
public enum PublishStep {
    NOT_STARTED,
    /** The new files are in the folder (or committed to the Delta table). */
    DATA_IN,
    MANIFEST_WRITTEN,
    SUCCESS_WRITTEN;

    /** Told each step as a table's publish reaches it. */
    @FunctionalInterface
    public interface Listener {
        void reached(PublishStep step);
    }
}
