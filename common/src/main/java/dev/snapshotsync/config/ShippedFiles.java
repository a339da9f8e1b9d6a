package dev.snapshotsync.config;

import java.io.File;
import java.util.Arrays;

/**
 * Whether a local file named in the configuration will be there when the job reads it. A bare
 * name given to {@code spark-submit --files} is not in the driver's working directory in client
 * mode (EMR's default for a step) until Spark has started and fetched it, which is after the
 * configuration is checked; spark-submit lists such files in the {@code spark.files} property.
 */
final class ShippedFiles {
    private ShippedFiles() {}

    static boolean isPresentOrShipped(String location) {
        return new File(location).isFile() || isShipped(location, System.getProperty("spark.files", ""));
    }

    /** {@code files} as spark-submit writes it: comma-separated URIs, each maybe with a {@code #alias}. */
    static boolean isShipped(String location, String files) {
        if (location.isEmpty() || location.contains("/")) {
            return false;
        }
        return Arrays.stream(files.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .map(f -> f.contains("#") ? f.substring(f.indexOf('#') + 1) : f.substring(f.lastIndexOf('/') + 1))
                .anyMatch(location::equals);
    }
}
