package dev.snapshotsync.source;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.SdkClientException;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.regions.DefaultAwsRegionProviderChain;
import com.amazonaws.services.glue.AWSGlue;
import com.amazonaws.services.glue.AWSGlueClientBuilder;
import com.amazonaws.services.glue.model.GetConnectionRequest;
import com.amazonaws.services.secretsmanager.AWSSecretsManager;
import com.amazonaws.services.secretsmanager.AWSSecretsManagerClientBuilder;
import com.amazonaws.services.secretsmanager.model.GetSecretValueRequest;
import dev.snapshotsync.config.CredentialSettings;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Secrets Manager and Glue lookups with AWS SDK v1 (aws-java-sdk-bundle), which Spark 3.5 platforms
 * (Glue 5, EMR 7) ship beside hadoop-aws 3.3. Credentials come from the SDK's default chain (the
 * job's role); region and endpoint from source.credentials when set. Returns plain Java types so the
 * rest is SDK-neutral.
 */
final class AwsLookups {
    private AwsLookups() {}

    /** The SecretString of the secret's current version; empty when it holds only SecretBinary. */
    static Optional<String> secretString(CredentialSettings aws, String secretId) throws AwsLookupException {
        return call(() -> configure(AWSSecretsManagerClientBuilder.standard(), aws.region(),
                        aws.secretsManagerEndpoint()).build(), AWSSecretsManager::shutdown,
                client -> Optional.ofNullable(client.getSecretValue(new GetSecretValueRequest().withSecretId(secretId))
                        .getSecretString()));
    }

    /** The connection's properties (JDBC_CONNECTION_URL, USERNAME, PASSWORD, SECRET_ID, ...), password included. */
    static Map<String, String> glueConnectionProperties(CredentialSettings aws, String name) throws AwsLookupException {
        return call(() -> configure(AWSGlueClientBuilder.standard(), aws.region(), aws.glueEndpoint()).build(),
                AWSGlue::shutdown, client -> Map.copyOf(client.getConnection(new GetConnectionRequest().withName(name)
                        .withHidePassword(false)).getConnection().getConnectionProperties()));
    }

    /** Builds a client, makes one call and shuts the client down; SDK failures become AwsLookupException. */
    private static <C, T> T call(Supplier<C> build, Consumer<C> shutdown, Function<C, T> request)
            throws AwsLookupException {
        C client = null;
        try {
            client = build.get();
            return request.apply(client);
        } catch (AmazonServiceException e) {
            throw new AwsLookupException(e.getErrorCode(), e.getStatusCode(), e.getErrorMessage(), e);
        } catch (SdkClientException e) {
            throw new AwsLookupException("", 0, e.getMessage(), e);
        } finally {
            if (client != null) {
                shutdown.accept(client);
            }
        }
    }

    /** SDK v1 takes an endpoint only together with its signing region, so an empty region is looked up. */
    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, String endpoint) {
        if (!endpoint.isEmpty()) {
            String signingRegion = region.isEmpty() ? new DefaultAwsRegionProviderChain().getRegion() : region;
            builder.setEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, signingRegion));
        } else if (!region.isEmpty()) {
            builder.setRegion(region);
        }
        return builder;
    }
}
