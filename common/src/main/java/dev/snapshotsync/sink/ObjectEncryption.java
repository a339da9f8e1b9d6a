package dev.snapshotsync.sink;

import static java.util.Objects.requireNonNull;

/** What HeadObject says of one object: algorithm ({@code aws:kms}, {@code AES256} or empty) and KMS key id. */
public record ObjectEncryption(String algorithm, String keyId) {
    public ObjectEncryption {
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(keyId, "keyId is null");
    }

    /** S3 reports the key as an ARN; configuration may give the bare id. */
    public boolean usesKmsKey(String configuredKey) {
        return algorithm.equals("aws:kms")
                && (keyId.equals(configuredKey) || keyId.endsWith(":key/" + configuredKey)
                        || configuredKey.endsWith(":key/" + keyId));
    }
}
