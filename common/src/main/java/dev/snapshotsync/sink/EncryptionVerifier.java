package dev.snapshotsync.sink;

import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Checks with HeadObject that objects are SSE-KMS encrypted with the configured key. */
public final class EncryptionVerifier {
    private static final int LISTED_IN_MESSAGE = 20;

    private final FileSystem fs;
    private final String kmsKeyId;

    public EncryptionVerifier(FileSystem fs, String kmsKeyId) {
        this.fs = fs;
        this.kmsKeyId = kmsKeyId;
    }

    /** What HeadObject says of one object. */
    public ObjectEncryption describe(Path path) throws IOException {
        return ObjectEncryptionReader.read(fs, path);
    }

    /** Every object under a directory; returns how many were checked. */
    public int verify(Path directory) throws IOException {
        List<Path> paths = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(directory, true);
        while (files.hasNext()) {
            paths.add(files.next().getPath());
        }
        return verify(paths, "under '" + directory + "'");
    }

    /**
     * The given objects; throws a verification error (exit 5) listing the mismatches.
     * {@code where} says where they are, for the message.
     */
    public int verify(List<Path> paths, String where) throws IOException {
        List<String> mismatches = new ArrayList<>();
        // One HeadObject per object, several at once.
        List<ObjectEncryption> found = IoTasks.map(paths, path -> ObjectEncryptionReader.read(fs, path),
                "checking the encryption of the objects " + where);
        for (int i = 0; i < paths.size(); i++) {
            ObjectEncryption encryption = found.get(i);
            if (!encryption.usesKmsKey(kmsKeyId)) {
                mismatches.add(paths.get(i) + " (algorithm '" + encryption.algorithm() + "', key '"
                        + encryption.keyId() + "')");
            }
        }
        if (!mismatches.isEmpty()) {
            StringBuilder message = new StringBuilder("verification: ").append(mismatches.size()).append(" of ")
                    .append(paths.size()).append(" objects ").append(where)
                    .append(" are not encrypted with aws:kms and key '").append(kmsKeyId).append("':");
            mismatches.stream().limit(LISTED_IN_MESSAGE).forEach(m -> message.append("\n  - ").append(m));
            if (mismatches.size() > LISTED_IN_MESSAGE) {
                message.append("\n  - ... and ").append(mismatches.size() - LISTED_IN_MESSAGE).append(" more");
            }
            message.append("\nThe day was not published. Check the bucket's default encryption and target.encryption.");
            throw SnapshotSyncException.verification(message.toString());
        }
        return paths.size();
    }
}
