package dev.snapshotsync.sink;

import dev.snapshotsync.config.S3Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The S3A options (without {@code fs.s3a.}) of delivery into another account's bucket: S3A's
 * assumed-role credential provider and the canned ACL. See hadoop-aws "Working with IAM Assumed
 * Roles" (assumed_roles.html) for the keys; they go through the Hadoop configuration like the
 * other per-bucket options, so the executors' S3A clients assume the same role.
 */
final class DeliveryOptions {
    static final String CREDENTIALS_PROVIDER = "aws.credentials.provider";
    static final String PROVIDER = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";
    /** The assumed-role keys this class sets; a bucket without a role has none of them. */
    static final List<String> ROLE_KEYS = List.of("assumed.role.arn", "assumed.role.session.name",
            "assumed.role.external.id", "assumed.role.sts.endpoint", "assumed.role.sts.endpoint.region",
            "assumed.role.credentials.provider");

    private DeliveryOptions() {}

    static Map<String, String> of(S3Settings s3) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("acl.default", s3aAclName(s3.cannedAcl()));
        var role = s3.assumedRole();
        if (!role.enabled()) {
            return options;
        }
        options.put(CREDENTIALS_PROVIDER, PROVIDER);
        options.put("assumed.role.arn", role.arn());
        options.put("assumed.role.session.name", role.sessionName());
        if (!role.externalId().isEmpty()) {
            options.put("assumed.role.external.id", role.externalId().reveal());
        }
        if (!role.stsEndpoint().isEmpty()) {
            options.put("assumed.role.sts.endpoint", role.stsEndpoint());
            options.put("assumed.role.sts.endpoint.region", role.stsRegion());
        }
        // The credentials that call STS: the static keys when set, else the default AWS chain
        // (the Glue or EMR role); S3A's own default would be the static keys only.
        options.put("assumed.role.credentials.provider", s3.accessKey().isEmpty()
                ? "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"
                : "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        return options;
    }

    /**
     * S3A's name for an S3 canned ACL: fs.s3a.acl.default takes the names of its AWSCannedACL
     * enum (BucketOwnerFullControl), not S3's (bucket-owner-full-control). Empty stays empty: none.
     */
    static String s3aAclName(String cannedAcl) {
        StringBuilder name = new StringBuilder();
        for (String word : cannedAcl.split("-")) {
            if (!word.isEmpty()) {
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return name.toString();
    }
}
