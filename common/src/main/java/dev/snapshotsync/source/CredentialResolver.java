package dev.snapshotsync.source;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.CredentialSettings;
import dev.snapshotsync.config.SourceSettings;
import dev.snapshotsync.config.SslMode;
import dev.snapshotsync.errors.ConfigurationException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the database login for a run, on the driver, once: from the configuration
 * (source.user/source.password), from a Secrets Manager secret, or from a Glue connection (which may
 * name a secret itself). Executors never call AWS: the login travels to them in the JDBC connection
 * properties, like the CA bundle.
 */
public final class CredentialResolver {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialResolver.class);
    private static final String SECRET_KEY = "for 'snapshot-sync.source.credentials.secret-id'";
    private static final String GLUE_KEY = "for 'snapshot-sync.source.credentials.glue-connection'";

    private CredentialResolver() {}

    /** The source settings with the server a Glue connection names (else unchanged), and the login. */
    public record Resolved(SourceSettings source, Credentials credentials) {
        public Resolved {
            requireNonNull(source, "source is null");
            requireNonNull(credentials, "credentials is null");
        }
    }

    public static Resolved resolve(SourceSettings source) {
        CredentialSettings aws = source.credentials();
        if (!aws.secretId().isEmpty()) {
            Credentials credentials = fromSecret(aws, aws.secretId(), SECRET_KEY);
            LOG.info("source: user '{}' and password from secret '{}'", credentials.user(), aws.secretId());
            return new Resolved(source, credentials);
        }
        if (!aws.glueConnection().isEmpty()) {
            return fromGlueConnection(source, aws);
        }
        return new Resolved(source, new Credentials(source.user(), source.password(), "source.password"));
    }

    private static Credentials fromSecret(CredentialSettings aws, String secretId, String namedBy) {
        String text;
        try {
            text = AwsLookups.secretString(aws, secretId).orElseThrow(() -> DatabaseSecret.binary(secretId, namedBy));
        } catch (AwsLookupException e) {
            throw AwsResource.SECRET.translate(e, secretId, namedBy, aws);
        }
        return DatabaseSecret.parse(secretId, namedBy, text);
    }

    private static Resolved fromGlueConnection(SourceSettings source, CredentialSettings aws) {
        String name = aws.glueConnection();
        Map<String, String> properties;
        try {
            properties = AwsLookups.glueConnectionProperties(aws, name);
        } catch (AwsLookupException e) {
            throw AwsResource.GLUE_CONNECTION.translate(e, name, GLUE_KEY, aws);
        }
        GlueJdbcConnection connection = GlueJdbcConnection.parse(name, properties);
        if (connection.enforceSsl() && source.sslMode() == SslMode.DISABLE) {
            throw ConfigurationException.of("ssl mode 'disable' for 'snapshot-sync.source.ssl.mode' contradicts "
                    + "JDBC_ENFORCE_SSL = true of Glue connection '" + name + "'. Use verify-full with "
                    + "source.ssl.root-cert.");
        }
        Credentials credentials;
        if (connection.secretId().isEmpty()) {
            credentials = new Credentials(connection.user(), connection.password(),
                    "the PASSWORD of Glue connection '" + name + "' " + GLUE_KEY);
        } else {
            credentials = fromSecret(aws, connection.secretId(), "named by SECRET_ID of Glue connection '" + name + "'");
        }
        SourceSettings resolved = source.withEndpoint(connection.host(), connection.port(), connection.database());
        LOG.info("source: server {}, user '{}' and password from Glue connection '{}'{}", resolved.describe(),
                credentials.user(), name, connection.secretId().isEmpty() ? ""
                        : " through its secret '" + connection.secretId() + "'");
        return new Resolved(resolved, credentials);
    }
}
