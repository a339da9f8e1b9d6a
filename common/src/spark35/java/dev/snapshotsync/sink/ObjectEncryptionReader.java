package dev.snapshotsync.sink;

import com.amazonaws.services.s3.model.ObjectMetadata;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * hadoop-aws 3.3.4 exposes only the algorithm as an extended attribute, so the key id comes from
 * S3A's own HeadObject (AWS SDK v1 metadata), through the client S3A already configured.
 */
final class ObjectEncryptionReader {
    private ObjectEncryptionReader() {}

    static ObjectEncryption read(FileSystem fs, Path path) throws IOException {
        if (!(fs instanceof S3AFileSystem s3a)) {
            throw new IllegalStateException("encryption can only be read from S3A, not " + fs.getClass().getName());
        }
        ObjectMetadata metadata = s3a.getObjectMetadata(path);
        return new ObjectEncryption(nullToEmpty(metadata.getSSEAlgorithm()), nullToEmpty(metadata.getSSEAwsKmsKeyId()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
