package dev.snapshotsync.sink;

import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;

/** Turns S3A and AWS SDK failures into a sentence that says what to fix. */
public final class TargetErrors {
    private TargetErrors() {}

    public static SnapshotSyncException translate(Throwable e, TargetSettings target, String doing) {
        return translate(e, target, doing, target.uri(), "target.uri");
    }

    /**
     * For the job's own objects (staging, locks, probes, run reports): they are under
     * target.control-uri, so the message names that location, its bucket and its key.
     */
    public static SnapshotSyncException translateControl(Throwable e, TargetSettings target, String doing) {
        return target.hasSeparateControl() ? translate(e, target, doing, target.controlUri(), "target.control-uri")
                : translate(e, target, doing);
    }

    private static SnapshotSyncException translate(Throwable e, TargetSettings target, String doing, String uri,
                                                   String uriKey) {
        String text = Causes.chainText(e);
        String bucket = new TargetLocation(uri).bucket();
        String key = target.encryption().kmsKeyId();
        String hint;
        var role = target.s3().assumedRole();
        if (role.enabled() && text.contains(DeliveryOptions.PROVIDER)) {
            // S3A names the provider class when it cannot create it, which it does by calling
            // AssumeRole; the SDK's reason (denied, unreachable endpoint, bad region) follows it.
            hint = "assuming the role '" + role.arn() + "' of 'snapshot-sync.target.s3.assumed-role.arn' through STS"
                    + (role.stsEndpoint().isEmpty() ? "" : " at 'https://" + role.stsEndpoint()
                            + "' (snapshot-sync.target.s3.assumed-role.sts-endpoint, region '" + role.stsRegion() + "')")
                    + " failed: " + Causes.firstLine(Causes.root(e).getMessage()) + ". Check the ARN, that the role's "
                    + "trust policy lets the job's credentials assume it (and names the external id, if it asks for "
                    + "one), and the STS endpoint and region.";
        } else if (text.contains("KMS.NotFoundException") || text.contains("KMS.DisabledException")
                || text.contains("kms:GenerateDataKey") || text.contains("KMS.InvalidKeyUsage")
                || text.contains("KMS") && text.contains("key")) {
            hint = "S3 refused the KMS key '" + key + "' for bucket '" + bucket + "'. Check "
                    + "target.encryption.kms-key-id, that the key exists in the bucket's region, and that the "
                    + "job's role may use it (kms:GenerateDataKey, kms:Decrypt).";
        } else if (text.contains("NoSuchBucket") || text.contains("does not exist") && text.contains("ucket")) {
            hint = "bucket '" + bucket + "' does not exist. Check " + uriKey + ".";
        } else if (text.contains("AccessDenied") || text.contains("Status Code: 403")) {
            hint = "access to bucket '" + bucket + "' was denied. The job's role needs s3:PutObject, "
                    + "s3:GetObject, s3:ListBucket and s3:DeleteObject on the target prefix.";
        } else if (text.contains("Status Code: 503") || text.contains("AWSServiceThrottledException")) {
            hint = "S3 answered 503 Slow Down for bucket '" + bucket + "' (throttled, or unavailable) after every "
                    + "retry. Run again later, or raise fs.s3a.retry.throttle.limit.";
        } else if (text.contains("Status Code: 500")) {
            hint = "S3 answered 500 Internal Error for bucket '" + bucket + "' after every retry. Run again.";
        } else if (text.contains(PemTrustS3ClientFactory.class.getName() + " not found")) {
            hint = "a JVM of the cluster cannot load " + PemTrustS3ClientFactory.class.getName() + ", which "
                    + "target.s3.ca-bundle needs: S3A loads it through Hadoop's class loader, which does not see jars "
                    + "added with --jars or spark.jars. Put the job's jar on the class path of the driver "
                    + "and of the executors as well (--driver-class-path, spark.executor.extraClassPath).";
        } else if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            hint = "the certificate of the S3 endpoint"
                    + (target.s3().endpoint().isEmpty() ? "" : " '" + target.s3().endpoint() + "'")
                    + " is not signed by a trusted CA" + (target.s3().caBundle().isEmpty() ? ""
                            : " (target.s3.ca-bundle is '" + target.s3().caBundle() + "')")
                    + ". Set target.s3.ca-bundle to the PEM file of the CA that signed it.";
        } else if (text.contains("UnknownHost") || text.contains("Connection refused")
                || text.contains("Unable to execute HTTP request")) {
            hint = "the S3 endpoint could not be reached"
                    + (target.s3().endpoint().isEmpty() ? "" : " at '" + target.s3().endpoint() + "'")
                    + ". Check target.s3.endpoint and the network path to S3.";
        } else {
            hint = Causes.firstLine(Causes.root(e).getMessage());
        }
        return SnapshotSyncException.target("target: " + doing + " '" + uri + "' failed: " + hint, e);
    }
}
