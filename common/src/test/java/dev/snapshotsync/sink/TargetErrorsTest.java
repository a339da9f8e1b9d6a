package dev.snapshotsync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.config.Settings;
import dev.snapshotsync.config.SettingsLoader;
import dev.snapshotsync.config.TargetSettings;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 failures are told apart by their status code, not by digits that happen to be in a key or run id. */
class TargetErrorsTest {
    private static final TargetSettings TARGET = target();

    private static TargetSettings target() {
        Settings settings = SettingsLoader.load(SettingsLoader.parseText("""
                snapshot-sync {
                  source { host = db, database = shop, user = reader, password = pw, ssl.mode = require,
                           ssl.allow-insecure = true }
                  target { uri = "s3a://exports/shop", encryption.kms-key-id = "1234abcd-key" }
                  tables { orders {} }
                }""", "test.conf"), SettingsLoader.parseOverrides(List.of()));
        return settings.target();
    }

    private static String hint(String s3Message) {
        String message = TargetErrors.translate(new IOException(s3Message), TARGET, "publishing").getMessage();
        return message.substring(message.indexOf("failed: ") + "failed: ".length());
    }

    @Test
    void eachStatusGetsItsOwnSentence() {
        String key = "delete on s3a://exports/shop/orders/part-00000-140354d0-c000.csv: ";
        assertEquals("access to bucket 'exports' was denied. The job's role needs s3:PutObject, s3:GetObject, "
                + "s3:ListBucket and s3:DeleteObject on the target prefix.",
                hint(key + "S3Exception: Access Denied (Service: S3, Status Code: 403, Request ID: 1)"));
        assertEquals("S3 answered 503 Slow Down for bucket 'exports' (throttled, or unavailable) after every retry. "
                + "Run again later, or raise fs.s3a.retry.throttle.limit.",
                hint(key + "S3Exception: Please reduce your request rate. (Service: S3, Status Code: 503)"));
        assertEquals("S3 answered 500 Internal Error for bucket 'exports' after every retry. Run again.",
                hint(key + "S3Exception: We encountered an internal error. (Service: S3, Status Code: 500)"));
    }

    @Test
    void certificateAndClassLoadingProblemsOfTheCaBundleSayWhatToDo() {
        assertEquals("the certificate of the S3 endpoint is not signed by a trusted CA. Set target.s3.ca-bundle to "
                + "the PEM file of the CA that signed it.", hint("Unable to execute HTTP request: PKIX path building "
                + "failed: unable to find valid certification path to requested target"));
        // What a driver started with --jars alone reported (ClusterIT without --driver-class-path).
        assertEquals("a JVM of the cluster cannot load dev.snapshotsync.sink.PemTrustS3ClientFactory, which "
                + "target.s3.ca-bundle needs: S3A loads it through Hadoop's class loader, which does not see jars "
                + "added with --jars or spark.jars. Put the job's jar on the class path of the driver "
                + "and of the executors as well (--driver-class-path, spark.executor.extraClassPath).", hint("java.lang.RuntimeException: java.lang.ClassNotFoundException: "
                + "Class dev.snapshotsync.sink.PemTrustS3ClientFactory not found"));
    }

    private static Throwable s3(int status, String code, String message) {
        // As S3A hands them on: its own IOException around the SDK's, with a message of its own.
        return new java.nio.file.AccessDeniedException("s3a://exports/shop/orders: " + message, null, null) {
            {
                initCause(S3Exception.builder().statusCode(status).message(message)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                        .build());
            }
        };
    }

    @Test
    void theSdksErrorCodeAndStatusDecideNotTheWordsAroundThem() {
        assertEquals(TargetErrors.Failure.KMS_KEY, TargetErrors.classify(s3(400, "KMS.NotFoundException", "Invalid keyId")));
        assertEquals(TargetErrors.Failure.KMS_KEY, TargetErrors.classify(s3(403, "AccessDenied",
                "User: arn:aws:sts::1:assumed-role/job is not authorized to perform: kms:GenerateDataKey")));
        assertEquals(TargetErrors.Failure.ACCESS_DENIED, TargetErrors.classify(s3(403, "AccessDenied",
                "Access Denied to the key 'KMS-notes' of bucket 'exports'")));
        assertEquals(TargetErrors.Failure.NO_BUCKET, TargetErrors.classify(s3(404, "NoSuchBucket", "gone")));
        assertEquals(TargetErrors.Failure.THROTTLED, TargetErrors.classify(s3(503, "SlowDown", "Please reduce")));
        assertEquals(TargetErrors.Failure.INTERNAL_ERROR, TargetErrors.classify(s3(500, "InternalError", "oops")));
    }

    @Test
    void anExecutorsFailureThatArrivesAsTextIsClassifiedByItsText() {
        assertEquals(TargetErrors.Failure.THROTTLED, TargetErrors.classify(new IOException(
                "Task failed: ... (Service: S3, Status Code: 503, Request ID: 1)")));
        assertEquals(TargetErrors.Failure.OTHER, TargetErrors.classify(new IOException("disk full")));
    }
}
