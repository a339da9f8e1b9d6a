package dev.snapshotsync.sink;

import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.JsonFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one small object with the run's encryption settings before any data is read, so a wrong
 * bucket, key or permission fails in seconds with a clear message instead of after the read. The
 * object stays in the run's staging folder, which the run deletes whole when it ends (and a later
 * run, if this one dies): deleting it here cost four requests on S3 (S3A puts a folder marker in
 * its place), and writing it without S3A's existence checks saves another.
 */
public final class TargetProbe {
    private final FileSystem fs;
    private final TargetSettings target;

    public TargetProbe(FileSystem fs, TargetSettings target) {
        this.fs = fs;
        this.target = target;
    }

    public void check(Path directory) {
        Path probe = new Path(directory, "_probe");
        try {
            try (OutputStream out = JsonFiles.overwrite(fs, probe)) {
                out.write("snapshot-sync probe\n".getBytes(StandardCharsets.UTF_8));
            }
            if (target.encryption().verifiesKms()) {
                new EncryptionVerifier(fs, target.encryption().kmsKeyId()).verify(List.of(probe),
                        "under '" + directory + "'");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.snapshotsync.errors.SnapshotSyncException known) {
                throw known;
            }
            throw TargetErrors.translateControl(e, target, "writing a test object under");
        }
    }
}
