package dev.snapshotsync.config;

import java.util.Set;

/**
 * Reads and checks what delivery into another account's bucket needs: {@code target.s3.assumed-role}
 * and {@code target.s3.canned-acl}. The limits are STS's own (AssumeRole's RoleSessionName and
 * ExternalId), so a typo fails here rather than as an AccessDenied after the read.
 */
final class CrossAccountReader {
    private static final String P = SettingsLoader.ROOT + ".target.s3.";
    /**
     * The canned ACLs a delivery may ask for, by their S3 names (empty: none); S3A's names for them
     * are DeliveryOptions' business. Public ACLs are left out on purpose: this tool delivers data to
     * its owner, never to everyone.
     */
    static final Set<String> CANNED_ACLS = Set.of("", "private", "bucket-owner-read", "bucket-owner-full-control");

    private CrossAccountReader() {}

    static AssumedRole readAssumedRole(ConfigReader reader) {
        String p = P + "assumed-role.";
        String arn = reader.optionalString(p + "arn");
        String session = reader.optionalString(p + "session-name");
        Secret externalId = reader.secret(p + "external-id");
        String endpoint = reader.optionalString(p + "sts-endpoint");
        String region = reader.optionalString(p + "sts-region");
        boolean ok = true;
        if (!arn.isEmpty() && !arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}")) {
            reader.invalid(p + "arn", "empty (no role) or an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/partner-delivery");
            ok = false;
        }
        if (!session.matches("[\\w+=,.@-]{2,64}")) {
            reader.invalid(p + "session-name", "2 to 64 letters, digits and _+=,.@- (STS's RoleSessionName)");
            ok = false;
        }
        if (externalId == null) {
            return null;
        }
        if (!externalId.isEmpty() && !externalId.reveal().matches("[\\w+=,.@:/-]{2,1224}")) {
            // The value is a secret: the message names the key, never the value.
            reader.problem(p + "external-id", "invalid value (hidden) for '" + p + "external-id'. Allowed: empty "
                    + "or 2 to 1224 letters, digits and _+=,.@:/- (STS's ExternalId).");
            ok = false;
        }
        if (endpoint.startsWith("http://")) {
            reader.invalid(p + "sts-endpoint", "empty (AWS's STS) or a host[:port], optionally after https://: S3A "
                    + "always calls STS over https");
            ok = false;
        } else if (!endpoint.isEmpty() && !endpoint.replaceFirst("^https://", "").matches("[^/\\s:]+(:\\d{1,5})?/?")) {
            reader.invalid(p + "sts-endpoint", "empty (AWS's STS) or a host[:port] such as sts.eu-west-1.amazonaws.com");
            ok = false;
        }
        if (endpoint.isEmpty() != region.isEmpty()) {
            // S3A refuses an STS endpoint without its signing region and a region without an endpoint.
            reader.problem(p + "sts-region", "'" + p + "sts-endpoint' and '" + p + "sts-region' must be set "
                    + "together (S3A signs STS requests for that region), or both left empty for AWS's global STS.");
            ok = false;
        }
        if (arn.isEmpty() && (!externalId.isEmpty() || !endpoint.isEmpty())) {
            reader.problem(p + "arn", "missing value for '" + p + "arn': assumed-role.external-id or "
                    + "assumed-role.sts-endpoint is set, but no role to assume. Set the role's ARN, or clear them.");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        String host = endpoint.replaceFirst("^https://", "").replaceFirst("/$", "");
        return new AssumedRole(arn, session, externalId, host, region);
    }

    static String readCannedAcl(ConfigReader reader) {
        String acl = reader.optionalString(P + "canned-acl");
        if (!CANNED_ACLS.contains(acl)) {
            reader.invalid(P + "canned-acl", "empty (none), private, bucket-owner-read or bucket-owner-full-control");
            return null;
        }
        return acl;
    }
}
