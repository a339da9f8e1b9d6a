package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** source.credentials: where the login (and with a Glue connection, the server) comes from. */
class CredentialSettingsTest {
    private static final String C = "snapshot-sync.source.credentials.";

    @TempDir
    Path dir;

    /** A job whose source block is {@code source} plus TLS; no user or password unless given. */
    private String job(String source) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        return """
                snapshot-sync {
                  source { %s
                           ssl.root-cert = "%s" }
                  target { uri = "s3://bucket/exports", encryption.kms-key-id = "alias/exports" }
                  tables { orders {} }
                }
                """.formatted(source, ca);
    }

    private static Settings load(String text) {
        return SettingsLoader.load(SettingsLoader.parseText(text, "test.conf"), SettingsLoader.parseOverrides(List.of()));
    }

    private static List<String> problems(String text) {
        return assertThrows(ConfigurationException.class, () -> load(text)).problems();
    }

    @Test
    void defaultIsTheConfiguredUserAndPassword() throws IOException {
        Settings settings = load(job("host = db, database = shop, user = reader, password = pw"));

        assertEquals(CredentialSettings.none(), settings.source().credentials());
        assertEquals(new CredentialSettings("", "", "", "", ""), settings.source().credentials());
        assertFalse(settings.source().credentials().fromAws());
    }

    @Test
    void aSecretReplacesUserAndPassword() throws IOException {
        Settings settings = load(job("host = db, database = shop, credentials { secret-id = \"prod/db/reader\", "
                + "region = eu-west-1, secrets-manager-endpoint = \"https://vpce-1.example.com\" }"));

        SourceSettings source = settings.source();
        assertEquals(new CredentialSettings("prod/db/reader", "", "eu-west-1", "https://vpce-1.example.com", ""),
                source.credentials());
        assertEquals("", source.user());
        assertTrue(source.password().isEmpty());
        assertEquals("db:5432/shop", source.describe());
    }

    @Test
    void aGlueConnectionReplacesServerAndLogin() throws IOException {
        Settings settings = load(job("credentials.glue-connection = shop-db"));

        SourceSettings source = settings.source();
        assertEquals("shop-db", source.credentials().glueConnection());
        assertEquals("", source.host());
        assertEquals("", source.database());
        assertEquals("the database of Glue connection 'shop-db'", source.describe());
        assertEquals("db.example.com:6432/shop", source.withEndpoint("db.example.com", 6432, "shop").describe());
    }

    @Test
    void aSecretAndAGlueConnectionTogetherAreRejected() throws IOException {
        List<String> problems = problems(job("host = db, database = shop, credentials { secret-id = s, "
                + "glue-connection = c }"));

        assertEquals(List.of("test.conf: 2: conflicting value 'c' for '" + C + "glue-connection': " + C
                + "secret-id is set too. Set one of them; a Glue connection may name its own secret with its SECRET_ID "
                + "property."), problems);
    }

    @Test
    void userAndPasswordBesideASecretAreRejectedWithoutEchoingThePassword() throws IOException {
        List<String> problems = problems(job("host = db, database = shop, user = bob, password = \"hunter2-pw\", "
                + "credentials.secret-id = s"));

        String hint = ": the user and password come from secret 's' (" + C + "secret-id). Remove "
                + "snapshot-sync.source.user and snapshot-sync.source.password, or " + C + "secret-id.";
        assertEquals(List.of("test.conf: 2: conflicting value 'bob' for 'snapshot-sync.source.user'" + hint,
                "test.conf: 2: conflicting value for 'snapshot-sync.source.password'" + hint), problems);
        assertFalse(problems.toString().contains("hunter2-pw"));
    }

    @Test
    void serverSettingsBesideAGlueConnectionAreRejected() throws IOException {
        List<String> problems = problems(job("host = db, port = 6432, database = shop, credentials.glue-connection = c"));

        String hint = ": the server comes from the JDBC_CONNECTION_URL of Glue connection 'c' (" + C
                + "glue-connection). Remove snapshot-sync.source.";
        assertEquals(List.of(
                "test.conf: 2: conflicting value 'db' for 'snapshot-sync.source.host'" + hint + "host, or " + C
                        + "glue-connection.",
                "test.conf: 2: conflicting value '6432' for 'snapshot-sync.source.port'" + hint + "port, or " + C
                        + "glue-connection.",
                "test.conf: 2: conflicting value 'shop' for 'snapshot-sync.source.database'" + hint + "database, or "
                        + C + "glue-connection."), problems);
    }

    @Test
    void anEndpointMustBeAnHttpUrl() throws IOException {
        List<String> problems = problems(job("host = db, database = shop, credentials { secret-id = s, "
                + "glue-endpoint = \"vpce-1.example.com\" }"));

        assertEquals(List.of("test.conf: 2: invalid value 'vpce-1.example.com' for '" + C + "glue-endpoint'. "
                + "Allowed: an http:// or https:// URL, such as https://vpce-0abc.secretsmanager.eu-west-1"
                + ".vpce.amazonaws.com, or empty for the region's standard endpoint."), problems);
    }

    @Test
    void withoutCredentialsAUserNeedsAPasswordAndTheMessageNamesTheAlternatives() throws IOException {
        List<String> problems = problems(job("host = db, database = shop, user = bob"));

        assertEquals(List.of("missing value for 'snapshot-sync.source.password'. Set it with password = ${?PGPASSWORD} "
                + "and the PGPASSWORD environment variable, or in the configuration file, or take the credentials "
                + "from AWS with " + C + "secret-id or " + C + "glue-connection."), problems);
    }
}
