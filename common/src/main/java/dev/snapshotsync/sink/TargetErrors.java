package dev.snapshotsync.sink;

import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.errors.Causes;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import org.apache.hadoop.fs.s3a.AWSServiceThrottledException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Turns S3A and AWS SDK failures into a sentence that says what to fix: the one translator of the
 * target boundary. Classified by the S3 error code and HTTP status of the SDK's exception (and
 * S3A's and the JDK's exception types) when the failure carries them; a failure that came from an
 * executor in another JVM reaches the driver only as text, and is classified by that text.
 */
public final class TargetErrors {
    private TargetErrors() {}

    /** What went wrong, each with its own sentence. */
    enum Failure { KMS_KEY, NO_BUCKET, ACCESS_DENIED, THROTTLED, INTERNAL_ERROR, UNTRUSTED_CERTIFICATE, UNREACHABLE,
        OTHER }

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
        } else if (text.contains(PemTrustS3ClientFactory.class.getName() + " not found")) {
            hint = "a JVM of the cluster cannot load " + PemTrustS3ClientFactory.class.getName() + ", which "
                    + "target.s3.ca-bundle needs: S3A loads it through Hadoop's class loader, which does not see jars "
                    + "added with --jars or spark.jars. Put the job's jar on the class path of the driver "
                    + "and of the executors as well (--driver-class-path, spark.executor.extraClassPath).";
        } else {
            hint = hint(classify(e), e, target, bucket, uriKey);
        }
        return SnapshotSyncException.target("target: " + doing + " '" + uri + "' failed: " + hint, e);
    }

    private static String hint(Failure failure, Throwable e, TargetSettings target, String bucket, String uriKey) {
        return switch (failure) {
            case KMS_KEY -> "S3 refused the KMS key '" + target.encryption().kmsKeyId() + "' for bucket '" + bucket
                    + "'. Check target.encryption.kms-key-id, that the key exists in the bucket's region, and that "
                    + "the job's role may use it (kms:GenerateDataKey, kms:Decrypt).";
            case NO_BUCKET -> "bucket '" + bucket + "' does not exist. Check " + uriKey + ".";
            case ACCESS_DENIED -> "access to bucket '" + bucket + "' was denied. The job's role needs s3:PutObject, "
                    + "s3:GetObject, s3:ListBucket and s3:DeleteObject on the target prefix.";
            case THROTTLED -> "S3 answered 503 Slow Down for bucket '" + bucket + "' (throttled, or unavailable) after "
                    + "every retry. Run again later, or raise fs.s3a.retry.throttle.limit.";
            case INTERNAL_ERROR -> "S3 answered 500 Internal Error for bucket '" + bucket + "' after every retry. Run "
                    + "again.";
            case UNTRUSTED_CERTIFICATE -> "the certificate of the S3 endpoint"
                    + (target.s3().endpoint().isEmpty() ? "" : " '" + target.s3().endpoint() + "'")
                    + " is not signed by a trusted CA" + (target.s3().caBundle().isEmpty() ? ""
                            : " (target.s3.ca-bundle is '" + target.s3().caBundle() + "')")
                    + ". Set target.s3.ca-bundle to the PEM file of the CA that signed it.";
            case UNREACHABLE -> "the S3 endpoint could not be reached"
                    + (target.s3().endpoint().isEmpty() ? "" : " at '" + target.s3().endpoint() + "'")
                    + ". Check target.s3.endpoint and the network path to S3.";
            case OTHER -> Causes.firstLine(Causes.root(e).getMessage());
        };
    }

    /** By the S3 error code and HTTP status when the failure carries the SDK's exception, else by its types, else its text. */
    static Failure classify(Throwable e) {
        Failure typed = typed(e);
        return typed != Failure.OTHER ? typed : byText(Causes.chainText(e));
    }

    private static Failure typed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
                        : service.awsErrorDetails().errorCode();
                String message = String.valueOf(service.getMessage());
                if (code.startsWith("KMS.") || message.contains("kms:")) {
                    return Failure.KMS_KEY;
                }
                if (code.equals("NoSuchBucket")) {
                    return Failure.NO_BUCKET;
                }
                switch (service.statusCode()) {
                    case 403: return Failure.ACCESS_DENIED;
                    case 503: return Failure.THROTTLED;
                    case 500: return Failure.INTERNAL_ERROR;
                    default: return Failure.OTHER;
                }
            }
            if (t instanceof AWSServiceThrottledException) {
                return Failure.THROTTLED;
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return Failure.UNTRUSTED_CERTIFICATE;
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException) {
                return Failure.UNREACHABLE;
            }
        }
        return Failure.OTHER;
    }

    /** The rules for a failure that reached the driver as an executor's text. */
    private static Failure byText(String text) {
        if (text.contains("KMS.NotFoundException") || text.contains("KMS.DisabledException")
                || text.contains("kms:GenerateDataKey") || text.contains("KMS.InvalidKeyUsage")
                || text.contains("KMS") && text.contains("key")) {
            return Failure.KMS_KEY;
        } else if (text.contains("NoSuchBucket") || text.contains("does not exist") && text.contains("ucket")) {
            return Failure.NO_BUCKET;
        } else if (text.contains("AccessDenied") || text.contains("Status Code: 403")) {
            return Failure.ACCESS_DENIED;
        } else if (text.contains("Status Code: 503") || text.contains("AWSServiceThrottledException")) {
            return Failure.THROTTLED;
        } else if (text.contains("Status Code: 500")) {
            return Failure.INTERNAL_ERROR;
        } else if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            return Failure.UNTRUSTED_CERTIFICATE;
        } else if (text.contains("UnknownHost") || text.contains("Connection refused")
                || text.contains("Unable to execute HTTP request")) {
            return Failure.UNREACHABLE;
        }
        return Failure.OTHER;
    }
}
