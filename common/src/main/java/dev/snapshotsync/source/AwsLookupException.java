package dev.snapshotsync.source;

/**
 * A failed Secrets Manager or Glue call, reduced to what our messages need so that the shared code
 * does not depend on the SDK generation (v1 under Spark 3.5, v2 under Spark 4.1). The SDK's own
 * exception is the cause.
 */
public final class AwsLookupException extends Exception {
    private final String errorCode;
    private final int statusCode;

    /**
     * @param errorCode the service's error code such as ResourceNotFoundException; empty when no
     *     response arrived (unreachable endpoint, no region, no AWS credentials)
     * @param statusCode the HTTP status, 0 when no response arrived
     */
    public AwsLookupException(String errorCode, int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode == null ? "" : errorCode;
        this.statusCode = statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
