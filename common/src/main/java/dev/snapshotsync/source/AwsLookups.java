package dev.snapshotsync.source;

import dev.snapshotsync.config.CredentialSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetConnectionRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Secrets Manager and Glue lookups with AWS SDK v2, which every platform of both Spark lines ships
 * beside hadoop-aws 3.4. Credentials come from the SDK's default chain (the job's role); region and
 * endpoint from source.credentials when set. Returns plain Java types so the rest is SDK-neutral.
 */
final class AwsLookups {
    private AwsLookups() {}

    /** The SecretString of the secret's current version; empty when it holds only SecretBinary. */
    static Optional<String> secretString(CredentialSettings aws, String secretId) throws AwsLookupException {
        try (SecretsManagerClient client = configure(SecretsManagerClient.builder(), aws.region(),
                aws.secretsManagerEndpoint()).build()) {
            return Optional.ofNullable(client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build())
                    .secretString());
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    /** The connection's properties (JDBC_CONNECTION_URL, USERNAME, PASSWORD, SECRET_ID, ...), password included. */
    static Map<String, String> glueConnectionProperties(CredentialSettings aws, String name) throws AwsLookupException {
        try (GlueClient client = configure(GlueClient.builder(), aws.region(), aws.glueEndpoint()).build()) {
            return Map.copyOf(client.getConnection(GetConnectionRequest.builder().name(name).hidePassword(false).build())
                    .connection().connectionPropertiesAsStrings());
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, String endpoint) {
        if (!region.isEmpty()) {
            builder.region(Region.of(region));
        }
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private static AwsLookupException translate(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return new AwsLookupException(service.awsErrorDetails().errorCode(), service.statusCode(),
                    service.awsErrorDetails().errorMessage(), e);
        }
        return new AwsLookupException("", 0, e.getMessage(), e);
    }
}
