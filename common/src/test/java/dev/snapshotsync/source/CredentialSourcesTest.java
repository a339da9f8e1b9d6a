package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snapshotsync.config.CredentialSettings;
import dev.snapshotsync.config.Secret;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret JSON, Glue connection properties and AWS failures, read without AWS (the moto tests are in job). */
class CredentialSourcesTest {
    private static final String KEY = "for 'snapshot-sync.source.credentials.secret-id'";
    private static final String ALLOWED = ". Allowed: a JSON object with the string fields username and password, as in "
            + "{\"username\": \"...\", \"password\": \"...\"}. Fix the secret's value in Secrets Manager (its content "
            + "is never printed).";
    private static final CredentialSettings AWS = new CredentialSettings("db/reader", "", "eu-west-1", "", "");

    @Test
    void anRdsStyleSecretGivesUserAndPasswordAndItsServerFieldsAreIgnored() {
        Credentials credentials = DatabaseSecret.parse("db/reader", KEY, """
                {"engine": "postgres", "host": "elsewhere.example.com", "port": 5433, "dbname": "other",
                 "username": "partner_export", "password": "p@ss \\"w0rd\\""}""");

        assertEquals(new Credentials("partner_export", Secret.of("p@ss \"w0rd\""),
                "the password of secret 'db/reader' " + KEY), credentials);
        assertFalse(credentials.toString().contains("w0rd"), credentials.toString());
    }

    @Test
    void aSecretThatIsNotJsonIsNamedAndNeverPrinted() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DatabaseSecret.parse("db/reader", KEY, "username=bob password=hunter2-secret"));

        assertEquals("configuration: malformed secret 'db/reader' " + KEY + ": it is not valid JSON" + ALLOWED,
                e.getMessage());
        assertEquals(ErrorKind.CONFIGURATION, e.kind());
        assertEquals(null, e.getCause());
    }

    @Test
    void eachMissingOrMistypedFieldIsNamed() {
        assertEquals("configuration: malformed secret 's' " + KEY + ": it has no 'password' field" + ALLOWED,
                assertThrows(ConfigurationException.class,
                        () -> DatabaseSecret.parse("s", KEY, "{\"username\": \"bob\"}")).getMessage());
        assertEquals("configuration: malformed secret 's' " + KEY + ": its 'username' field is not a non-empty string"
                + ALLOWED, assertThrows(ConfigurationException.class,
                        () -> DatabaseSecret.parse("s", KEY, "{\"username\": 7, \"password\": \"x\"}")).getMessage());
        assertEquals("configuration: malformed secret 's' " + KEY + ": it is not a JSON object" + ALLOWED,
                assertThrows(ConfigurationException.class, () -> DatabaseSecret.parse("s", KEY, "[1]")).getMessage());
        assertEquals("configuration: malformed secret 's' " + KEY + ": it holds binary data, not text" + ALLOWED,
                DatabaseSecret.binary("s", KEY).getMessage());
    }

    @Test
    void aGlueConnectionGivesServerLoginAndTlsEnforcement() {
        GlueJdbcConnection connection = GlueJdbcConnection.parse("shop", Map.of(
                "JDBC_CONNECTION_URL", "jdbc:postgresql://db.example.com:6432/shop%20db?sslmode=disable",
                "USERNAME", "reader", "PASSWORD", "pw", "JDBC_ENFORCE_SSL", "TRUE"));

        assertEquals(new GlueJdbcConnection("shop", "db.example.com", 6432, "shop db", true, "", "reader",
                Secret.of("pw")), connection);
        assertEquals(new GlueJdbcConnection("s", "db", 5432, "shop", false, "arn:secret", "", Secret.of("")),
                GlueJdbcConnection.parse("s", Map.of("JDBC_CONNECTION_URL", "jdbc:postgresql://db/shop",
                        "SECRET_ID", "arn:secret", "USERNAME", "ignored")));
    }

    @Test
    void aGlueConnectionWithoutUsableUrlOrLoginIsRejected() {
        String key = " in Glue connection 'c' for 'snapshot-sync.source.credentials.glue-connection'. ";
        assertEquals("configuration: invalid value 'jdbc:mysql://db:3306/shop?...' of property 'JDBC_CONNECTION_URL'"
                + key + "Allowed: one PostgreSQL server as jdbc:postgresql://HOST:PORT/DATABASE.",
                assertThrows(ConfigurationException.class, () -> GlueJdbcConnection.parse("c",
                        Map.of("JDBC_CONNECTION_URL", "jdbc:mysql://db:3306/shop?password=hunter2-secret")))
                        .getMessage());
        assertEquals("configuration: invalid value 'jdbc:postgresql://a,b/shop' of property 'JDBC_CONNECTION_URL'"
                + key + "Allowed: one PostgreSQL server as jdbc:postgresql://HOST:PORT/DATABASE.",
                assertThrows(ConfigurationException.class, () -> GlueJdbcConnection.parse("c",
                        Map.of("JDBC_CONNECTION_URL", "jdbc:postgresql://a,b/shop"))).getMessage());
        assertEquals("configuration: missing property 'JDBC_CONNECTION_URL'" + key + "Give the connection a JDBC URL "
                + "such as jdbc:postgresql://HOST:5432/DATABASE.", assertThrows(ConfigurationException.class,
                        () -> GlueJdbcConnection.parse("c", Map.of())).getMessage());
        assertEquals("configuration: missing property 'PASSWORD'" + key + "A JDBC connection needs USERNAME and "
                + "PASSWORD, or SECRET_ID naming a Secrets Manager secret.", assertThrows(ConfigurationException.class,
                        () -> GlueJdbcConnection.parse("c", Map.of("JDBC_CONNECTION_URL", "jdbc:postgresql://db/shop",
                                "USERNAME", "reader"))).getMessage());
    }

    @Test
    void accessDeniedNamesTheSecretAndThePermission() {
        SnapshotSyncException e = AwsResource.SECRET.translate(new AwsLookupException("AccessDeniedException", 400,
                "User: arn:aws:sts::1:assumed-role/glue is not authorized", null), "db/reader", KEY, AWS);

        assertEquals(ErrorKind.SOURCE, e.kind());
        assertEquals("source: access denied to secret 'db/reader' " + KEY + " (AccessDeniedException: User: "
                + "arn:aws:sts::1:assumed-role/glue is not authorized). The job's role (or the AWS credentials of this "
                + "run) needs secretsmanager:GetSecretValue on it.", e.getMessage());
    }

    @Test
    void eachWellKnownAwsFailureSaysWhatToFix() {
        String glueKey = "for 'snapshot-sync.source.credentials.glue-connection'";
        assertEquals("source: no such Glue connection 'c' " + glueKey + " in region 'eu-west-1' "
                + "(EntityNotFoundException: Connection c not found). Give the Glue connection's name and check "
                + "snapshot-sync.source.credentials.region; the job's role needs glue:GetConnection on it.",
                AwsResource.GLUE_CONNECTION.translate(new AwsLookupException("EntityNotFoundException", 400,
                        "Connection c not found", null), "c", glueKey, AWS).getMessage());
        assertEquals("source: cannot decrypt secret 's' " + KEY + " (DecryptionFailure: no). The job's role needs "
                + "kms:Decrypt on the KMS key that encrypts the secret.", AwsResource.SECRET.translate(
                        new AwsLookupException("DecryptionFailure", 400, "no", null), "s", KEY, AWS).getMessage());
        assertEquals("source: Secrets Manager rejected the AWS credentials of this run reading secret 's' " + KEY
                + " (UnrecognizedClientException: bad token). Run with the job's IAM role, or renew the credentials "
                + "in the environment.", AwsResource.SECRET.translate(new AwsLookupException(
                        "UnrecognizedClientException", 400, "bad token", null), "s", KEY, AWS).getMessage());
        assertEquals("source: cannot reach Secrets Manager for secret 's' " + KEY + " in the job's default region "
                + "(Unable to load region). Check snapshot-sync.source.credentials.region and "
                + "snapshot-sync.source.credentials.secrets-manager-endpoint, and that the job can reach Secrets "
                + "Manager (a VPC endpoint or a NAT gateway from a private subnet).", AwsResource.SECRET.translate(
                        new AwsLookupException("", 0, "Unable to load region\nmore", null), "s", KEY,
                        CredentialSettings.none()).getMessage());
    }
}
