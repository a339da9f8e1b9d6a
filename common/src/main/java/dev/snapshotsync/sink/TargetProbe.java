package dev.snapshotsync.sink;

import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one small object with the run's encryption settings before any data is read, so a wrong
 * bucket, key or permission fails in seconds with a clear message instead of after the read.
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
            try (FSDataOutputStream out = fs.create(probe, true)) {
                out.write("snapshot-sync probe\n".getBytes(StandardCharsets.UTF_8));
            }
            if (target.encryption().verifiesKms()) {
                new EncryptionVerifier(fs, target.encryption().kmsKeyId()).verify(directory);
            }
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.snapshotsync.errors.SnapshotSyncException known) {
                throw known;
            }
            throw TargetErrors.translateControl(e, target, "writing a test object under");
        }
    }
}
