package dev.snapshotsync.shape;

import java.util.Map;
import org.apache.spark.sql.Observation;

/** Reads the metrics a {@link Observation} collected; blocks until the action that fills them ends. */
public final class ObservedMetrics {
    private ObservedMetrics() {}

    /** {@code what} names the metrics in the error raised if the wait is interrupted. */
    public static Map<String, Object> await(Observation observation, String what) {
        try {
            return observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
