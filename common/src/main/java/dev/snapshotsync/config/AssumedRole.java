package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

/**
 * An IAM role the S3 target is written with (S3A's AssumedRoleCredentialProvider), for delivery
 * into another account's bucket. {@code arn} empty: no role is assumed. The external id is a
 * {@link Secret}: the role's owner uses it to tell this job from others, so it never prints.
 * {@code stsEndpoint} is a host[:port] (S3A always speaks https to STS); empty: AWS's global STS.
 */
public record AssumedRole(String arn, String sessionName, Secret externalId, String stsEndpoint, String stsRegion) {
    public static final AssumedRole NONE = new AssumedRole("", "", Secret.of(""), "", "");

    public AssumedRole {
        requireNonNull(arn, "arn is null");
        requireNonNull(sessionName, "sessionName is null");
        requireNonNull(externalId, "externalId is null");
        requireNonNull(stsEndpoint, "stsEndpoint is null");
        requireNonNull(stsRegion, "stsRegion is null");
    }

    public boolean enabled() {
        return !arn.isEmpty();
    }
}
