package dev.snapshotsync.job.export;

import dev.snapshotsync.catalog.GlueRegistrar;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.JsonFiles;
import dev.snapshotsync.manifest.Manifest;
import dev.snapshotsync.sink.DayPublisher;
import dev.snapshotsync.sink.TargetErrors;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * After every day of a run is published: registers each in the Glue Data Catalog
 * (target.glue-catalog), from the {@code _manifest.json} the day was published with, so the
 * catalog describes exactly what readers find. A failure here leaves the data published.
 */
final class GlueRegistration {
    private GlueRegistration() {}

    static void register(FileSystem fs, TargetSettings target, List<TableRun> runs) {
        if (!target.catalog().enabled()) {
            return;
        }
        try (GlueRegistrar registrar = new GlueRegistrar(target)) {
            for (TableRun run : runs) {
                registrar.register(manifest(fs, target, run.day()), s3Folder(run.day().getParent()), s3Folder(run.day()));
            }
        }
    }

    private static Manifest manifest(FileSystem fs, TargetSettings target, Path day) {
        Path file = new Path(day, DayPublisher.MANIFEST);
        try {
            return JsonFiles.read(fs, file, Manifest.class);
        } catch (IOException e) {
            throw TargetErrors.translate(e, target, "reading " + file + " to register the day in the Glue Data "
                    + "Catalog from");
        }
    }

    /** The folder as Athena and Glue name it: s3://bucket/key/ (S3A's s3a:// is Hadoop's own scheme). */
    static String s3Folder(Path folder) {
        String uri = folder.toUri().toString();
        return (uri.startsWith("s3a://") ? "s3://" + uri.substring("s3a://".length()) : uri) + "/";
    }
}
