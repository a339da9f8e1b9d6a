package dev.snapshotsync.sink;

import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Checks with HeadObject that every object under a directory is SSE-KMS encrypted with the configured key. */
public final class EncryptionVerifier {
    private static final int LISTED_IN_MESSAGE = 20;

    private final FileSystem fs;
    private final String kmsKeyId;

    public EncryptionVerifier(FileSystem fs, String kmsKeyId) {
        this.fs = fs;
        this.kmsKeyId = kmsKeyId;
    }

    /** Returns the number of objects checked; throws a verification error (exit 5) listing the mismatches. */
    public int verify(Path directory) throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(directory, true);
        while (files.hasNext()) {
            Path path = files.next().getPath();
            ObjectEncryption encryption = ObjectEncryptionReader.read(fs, path);
            checked++;
            if (!encryption.usesKmsKey(kmsKeyId)) {
                mismatches.add(path + " (algorithm '" + encryption.algorithm() + "', key '" + encryption.keyId() + "')");
            }
        }
        if (!mismatches.isEmpty()) {
            StringBuilder message = new StringBuilder("verification: ").append(mismatches.size()).append(" of ")
                    .append(checked).append(" objects under '").append(directory)
                    .append("' are not encrypted with aws:kms and key '").append(kmsKeyId).append("':");
            mismatches.stream().limit(LISTED_IN_MESSAGE).forEach(m -> message.append("\n  - ").append(m));
            if (mismatches.size() > LISTED_IN_MESSAGE) {
                message.append("\n  - ... and ").append(mismatches.size() - LISTED_IN_MESSAGE).append(" more");
            }
            message.append("\nNothing was published. Check the bucket's default encryption and target.encryption.");
            throw SnapshotSyncException.verification(message.toString());
        }
        return checked;
    }
}
