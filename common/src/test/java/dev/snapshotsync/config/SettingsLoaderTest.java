package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Path caFile() throws IOException {
        Path ca = dir.resolve("ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        }
        return ca;
    }

    private String minimal() throws IOException {
        return """
                snapshot-sync {
                  source { host = db.example.com, database = shop, user = reader, password = "s3cr3t-pw"
                           ssl.root-cert = "%s" }
                  target { uri = "s3://bucket/exports", encryption.kms-key-id = "alias/exports" }
                  tables { orders {} }
                }
                """.formatted(caFile());
    }

    private static Settings load(String text, String... overrides) {
        return SettingsLoader.load(SettingsLoader.parseText(text, "test.conf"),
                SettingsLoader.parseOverrides(List.of(overrides)));
    }

    private static ConfigurationException failure(String text, String... overrides) {
        return assertThrows(ConfigurationException.class, () -> load(text, overrides));
    }

    @Test
    void defaultsArePinned() throws IOException {
        Settings settings = load(minimal());

        SourceSettings source = settings.source();
        assertEquals(5432, source.port());
        assertEquals(SslMode.VERIFY_FULL, source.sslMode());
        assertEquals(10_000, source.fetchSize());
        assertEquals(Duration.ofHours(2), source.statementTimeout());
        assertEquals(Duration.ofSeconds(30), source.connectTimeout());
        assertEquals(Duration.ofSeconds(30), source.lockTimeout());
        assertEquals("snapshot-sync", source.applicationName());
        TargetSettings target = settings.target();
        assertEquals(OutputFormat.CSV, target.format());
        assertEquals(new EncryptionSettings(EncryptionMode.SSE_KMS, "alias/exports", true, true), target.encryption());
        assertEquals(new CsvSettings(",", "\"", "\"", "", false, "\n", "none", false), target.csv());
        assertEquals(OutputFormat.CSV, target.format());
        assertEquals(new FormatSettings("none", "snappy"), target.formats());
        assertEquals(new FileSizing(128L << 20, 0, 8L << 20), target.files());
        assertEquals(new LockSettings(Duration.ofMinutes(5), Duration.ZERO), target.lock());
        assertEquals("", target.s3().endpoint());
        assertEquals("", target.s3().caBundle());
        assertFalse(target.s3().pathStyleAccess());
        assertEquals(new ReadSettings(4, 3, SnapshotMode.REQUIRED, 500_000, 64, ReadProtocol.COPY), source.read());
        assertEquals(List.of(new TableSettings("orders", dev.snapshotsync.sql.TableName.of("public", "orders"))),
                settings.tables());
        assertEquals(RowSecurityPolicy.REFUSE, settings.tables().get(0).rowSecurity());
        assertEquals(new RunSettings(false, Duration.ofSeconds(30)), settings.run());
    }

    /** A custom query is its own kind of relation, not a table in a schema named "query". */
    @Test
    void aQueryIsReadAsACustomQueryAndATableByItsName() throws IOException {
        Settings settings = load(minimal() + "snapshot-sync.tables.north { query = \"SELECT id FROM orders\" }");

        assertEquals(new Relation.NamedTable(TableName.of("public", "orders")), settings.select(List.of("orders"))
                .get(0).relation());
        assertEquals(new Relation.CustomQuery("SELECT id FROM orders"), settings.select(List.of("north")).get(0)
                .relation());
        assertEquals("the query of 'snapshot-sync.tables.north.query'",
                settings.select(List.of("north")).get(0).describeRelation());
    }

    @Test
    void primaryKeyIsAListOrCommaSeparatedTextOfDistinctNames() throws IOException {
        assertEquals(List.of("order_id", "line"), load(minimal() + "snapshot-sync.tables.orders.primary-key = "
                + "[order_id, line]").tables().get(0).primaryKey());
        assertEquals(List.of("order_id", "line"), load(minimal(), "tables.orders.primary-key=order_id, line")
                .tables().get(0).primaryKey());

        ConfigurationException e = failure(minimal() + "snapshot-sync.tables.orders.primary-key = [id, id]");

        assertTrue(e.getMessage().contains("invalid value '[\"id\",\"id\"]' for 'snapshot-sync.tables.orders.primary-key'. "
                + "Allowed: a list of distinct, non-blank column names, such as [id] or [order_id, line]."), e.getMessage());
    }

    @Test
    void progressIntervalMustBeADurationAboveZero() throws IOException {
        ConfigurationException e = failure(minimal(), "run.progress-interval=0s");

        assertEquals(List.of("--set: invalid value '0s' for 'snapshot-sync.run.progress-interval'. "
                + "Allowed: a duration above zero, such as 30s, 10m or 2h."), e.problems());
        assertEquals(Duration.ofMillis(250), load(minimal(), "run.progress-interval=250ms").run().progressInterval());
    }

    @Test
    void threeMistakesAreAllReportedWithPathValueAndOrigin() throws IOException {
        ConfigurationException e = failure(minimal() + """
                snapshot-sync.source.fetch-size = 0
                snapshot-sync.target.format = xml
                snapshot-sync.target.csv.quote-char = "'"
                """);

        assertEquals(ErrorKind.CONFIGURATION, e.kind());
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("invalid value '0' for 'snapshot-sync.source.fetch-size'. Allowed: a whole "
                + "number from 1 to 1000000."), e.getMessage());
        assertTrue(e.getMessage().contains("invalid value 'xml' for 'snapshot-sync.target.format'. Allowed: csv, delta, "
                + "json, parquet."), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'snapshot-sync.target.csv.quote-char'"), e.getMessage());
        assertTrue(e.getMessage().contains("test.conf: 8"), e.getMessage());
    }

    @Test
    void unknownKeyInATableEntryIsRejected() throws IOException {
        ConfigurationException e = failure(minimal() + "snapshot-sync.tables.orders.shema = sales\n");

        assertTrue(e.getMessage().contains("unknown key 'snapshot-sync.tables.orders.shema'"), e.getMessage());
    }

    @Test
    void partitionOverridesPerTableAndTyposInsideThemAreRejected() throws IOException {
        Settings settings = load(minimal() + "snapshot-sync.tables.orders.partition { column = id, count = 8 }\n");
        assertEquals(new PartitionSettings("id", 8), settings.tables().get(0).partition());

        ConfigurationException e = failure(minimal() + "snapshot-sync.tables.orders.partition.colum = id\n");
        assertTrue(e.getMessage().contains("unknown key 'snapshot-sync.tables.orders.partition.colum'"), e.getMessage());
    }

    @Test
    void missingRequiredValuesAreNamed() {
        ConfigurationException e = failure("snapshot-sync.tables { orders {} }");

        for (String key : List.of("source.host", "source.database", "source.user", "source.ssl.root-cert",
                "target.uri", "target.encryption.kms-key-id")) {
            assertTrue(e.getMessage().contains("'snapshot-sync." + key + "'"), key + " not named in " + e.getMessage());
        }
    }

    @Test
    void setOverridesWinAndAcceptShortKeys() throws IOException {
        Settings settings = load(minimal(), "target.format=parquet", "snapshot-sync.source.fetch-size=500");

        assertEquals(OutputFormat.PARQUET, settings.target().format());
        assertEquals(500, settings.source().fetchSize());
    }

    @Test
    void badOverrideNamesItsOrigin() throws IOException {
        ConfigurationException e = failure(minimal(), "source.port=99999");

        assertTrue(e.getMessage().contains("--set"), e.getMessage());
        assertTrue(e.getMessage().contains("'99999' for 'snapshot-sync.source.port'"), e.getMessage());
    }

    @Test
    void weakTlsNeedsExplicitPermission() throws IOException {
        ConfigurationException e = failure(minimal(), "source.ssl.mode=require");
        assertTrue(e.getMessage().contains("allow-insecure"), e.getMessage());

        Settings allowed = load(minimal(), "source.ssl.mode=require", "source.ssl.allow-insecure=true");
        assertEquals(SslMode.REQUIRE, allowed.source().sslMode());
    }

    @Test
    void hostIsAHostNameOrAnAddressNeverUrlText() throws IOException {
        for (String host : new String[] {"db.example.com", "my-db.cluster-abc.eu-west-1.rds.amazonaws.com",
                "localhost", "10.0.0.12", "::1", "fd00::12"}) {
            assertEquals(host, load(minimal(), "source.host=" + host).source().host());
        }
        for (String host : new String[] {"db.example.com/acc?sslfactory=org.postgresql.ssl.NonValidatingFactory&x=",
                "db.example.com:6432", "db example.com", "-db.example.com", "db.example.com?ssl=false", "1.2.3.4.5:1"}) {
            ConfigurationException e = failure(minimal(), "source.host=" + host);
            assertTrue(e.getMessage().contains("invalid host '" + host + "' for 'snapshot-sync.source.host'. Allowed: "
                    + "a host name"), e.getMessage());
        }
    }

    @Test
    void rowSecurityIsRefuseOrApply() throws IOException {
        assertEquals(RowSecurityPolicy.APPLY, load(minimal(), "tables.orders.row-security=apply").tables().get(0)
                .rowSecurity());
        ConfigurationException e = failure(minimal(), "tables.orders.row-security=ignore");
        assertTrue(e.getMessage().contains("invalid value 'ignore' for 'snapshot-sync.tables.orders.row-security'. "
                + "Allowed: apply, refuse."), e.getMessage());
    }

    @Test
    void missingCaFileIsNamed() throws IOException {
        ConfigurationException e = failure(minimal(), "source.ssl.root-cert=/nonexistent/ca.pem");

        assertTrue(e.getMessage().contains("CA file '/nonexistent/ca.pem'"), e.getMessage());
    }

    @Test
    void unencryptedTargetMustBeSpelledOutAndLocalTargetsCannotUseKms() throws IOException {
        ConfigurationException e = failure(minimal(), "target.uri=file:///tmp/out");
        assertTrue(e.getMessage().contains("target.encryption.mode = none"), e.getMessage());

        Settings local = load(minimal(), "target.uri=file:///tmp/out", "target.encryption.mode=none");
        assertEquals(EncryptionMode.NONE, local.target().encryption().mode());
    }

    @Test
    void secretsNeverAppearInMessages() throws IOException {
        ConfigurationException e = failure(minimal().replace("password = \"s3cr3t-pw\"", "password { a = \"s3cr3t-pw\" }")
                + "snapshot-sync.target.s3 { access-key = AKIA, secret-key = { x = \"s3cr3t-key\" } }\n");

        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("snapshot-sync.source.password"), e.getMessage());
        assertEquals("****", Secret.of("s3cr3t-pw").toString());
    }

    @Test
    void tableNamesThatCannotBeFoldersAreRejected() throws IOException {
        ConfigurationException e = failure(minimal() + "snapshot-sync.tables { \"bad/name\" {} }\n");

        assertTrue(e.getMessage().contains("invalid table name 'bad/name'"), e.getMessage());
    }

    @Test
    void unparsableFileIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SettingsLoader.parseText("snapshot-sync { source { ", "broken.conf"));

        assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
    }

    @Test
    void referenceHoldsEveryDefaultOnce() {
        Config reference = ConfigFactory.defaultReference();
        assertTrue(reference.hasPath("snapshot-sync.source.fetch-size"));
        assertTrue(reference.getIsNull("snapshot-sync.source.host"));
    }
}
