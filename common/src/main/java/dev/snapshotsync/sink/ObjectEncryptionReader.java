package dev.snapshotsync.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * hadoop-aws 3.4 (AWS SDK v2) exposes the HeadObject encryption headers, key id included, as
 * S3A extended attributes.
 */
final class ObjectEncryptionReader {
    private static final String ALGORITHM = "header.x-amz-server-side-encryption";
    private static final String KEY_ID = "header.x-amz-server-side-encryption-aws-kms-key-id";

    private ObjectEncryptionReader() {}

    static ObjectEncryption read(FileSystem fs, Path path) throws IOException {
        // One HeadObject for both headers (getXAttr makes one per header).
        Map<String, byte[]> headers = fs.getXAttrs(path);
        return new ObjectEncryption(text(headers.get(ALGORITHM)), text(headers.get(KEY_ID)));
    }

    private static String text(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
}
