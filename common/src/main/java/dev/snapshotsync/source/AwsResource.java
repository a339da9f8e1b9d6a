package dev.snapshotsync.source;

import dev.snapshotsync.config.CredentialSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.util.Set;

/**
 * The two AWS resources credentials come from, and how a failed lookup of each reads to the user:
 * which resource, which setting named it, and which permission or setting to fix.
 */
enum AwsResource {
    SECRET("secret", "Secrets Manager", "secretsmanager:GetSecretValue", "secrets-manager-endpoint"),
    GLUE_CONNECTION("Glue connection", "Glue", "glue:GetConnection", "glue-endpoint");

    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "EntityNotFoundException");
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnauthorizedOperation", "UnauthorizedException");
    private static final Set<String> CREDENTIALS_REJECTED = Set.of("UnrecognizedClientException",
            "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken", "InvalidSignatureException",
            "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken");

    private final String noun;
    private final String service;
    private final String permission;
    private final String endpointKey;

    AwsResource(String noun, String service, String permission, String endpointKey) {
        this.noun = noun;
        this.service = service;
        this.permission = permission;
        this.endpointKey = endpointKey;
    }

    /**
     * Says what failed and what to fix. {@code namedBy} tells where the name came from, such as
     * "for 'snapshot-sync.source.credentials.secret-id'"; the message never holds a secret value.
     */
    SnapshotSyncException translate(AwsLookupException e, String name, String namedBy, CredentialSettings aws) {
        String code = e.errorCode();
        String what = noun + " '" + name + "' " + namedBy;
        String detail = "(" + code + ": " + Causes.firstLine(e.getMessage()) + ")";
        String message;
        if (NOT_FOUND.contains(code)) {
            message = "no such " + what + " in " + aws.describeRegion() + " " + detail + ". Give the " + noun
                    + "'s name" + (this == SECRET ? " or ARN" : "") + " and check " + key("region")
                    + "; the job's role needs " + permission + " on it.";
        } else if ("DecryptionFailure".equals(code) || "KMSAccessDeniedException".equals(code)) {
            message = "cannot decrypt " + what + " " + detail + ". The job's role needs kms:Decrypt on the KMS key "
                    + "that encrypts the secret.";
        } else if (DENIED.contains(code) || e.statusCode() == 403 && !CREDENTIALS_REJECTED.contains(code)) {
            message = "access denied to " + what + " " + detail + ". The job's role (or the AWS credentials of this "
                    + "run) needs " + permission + " on it.";
        } else if (CREDENTIALS_REJECTED.contains(code)) {
            message = service + " rejected the AWS credentials of this run reading " + what + " " + detail
                    + ". Run with the job's IAM role, or renew the credentials in the environment.";
        } else if (code.isEmpty()) {
            message = "cannot reach " + service + " for " + what + " in " + aws.describeRegion() + " ("
                    + Causes.firstLine(e.getMessage()) + "). Check " + key("region") + " and " + key(endpointKey)
                    + ", and that the job can reach " + service + " (a VPC endpoint or a NAT gateway from a "
                    + "private subnet).";
        } else {
            message = "reading " + what + " failed " + detail + (e.statusCode() > 0 ? " with HTTP status "
                    + e.statusCode() : "") + ".";
        }
        return SnapshotSyncException.source("source: " + message, e);
    }

    private static String key(String name) {
        return "snapshot-sync.source.credentials." + name;
    }
}
