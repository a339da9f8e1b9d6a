package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** target.glue-catalog and target.events: defaults pinned, every mistake reported with its key and value. */
class DeliverySettingsTest {
    private static final String MINIMAL = """
            snapshot-sync {
              source { host = db.example.com, database = shop, user = reader, password = "pw", ssl.mode = require, ssl.allow-insecure = true }
              target { uri = "s3://bucket/exports", encryption.kms-key-id = "alias/exports" }
              tables { orders {} }
            }
            """;

    private static Settings load(String... overrides) {
        return SettingsLoader.load(SettingsLoader.parseText(MINIMAL, "test.conf"),
                SettingsLoader.parseOverrides(List.of(overrides)));
    }

    @Test
    void catalogRegistrationIsOffByDefault() {
        assertEquals(new GlueCatalogSettings(false, "", "", GlueCatalogSettings.Registration.PARTITIONS, "", ""),
                load().target().catalog());
    }

    @Test
    void anEnabledCatalogNeedsAnAthenaDatabaseNameAndAnS3Target() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(
                "target.glue-catalog.enabled=true", "target.glue-catalog.database=Sales-DB",
                "target.glue-catalog.registration=crawler", "target.glue-catalog.table-prefix=X-",
                "target.uri=file:///tmp/out", "target.encryption.mode=none"));

        assertEquals(List.of(
                "--set: invalid value 'Sales-DB' for 'snapshot-sync.target.glue-catalog.database'. Allowed: the name of "
                        + "an existing Glue database: 1 to 255 lower-case letters, digits and '_' (required when "
                        + "glue-catalog.enabled = true).",
                "--set: value 'true' for 'snapshot-sync.target.glue-catalog.enabled' needs an S3 target, but target.uri "
                        + "is 'file:///tmp/out'. The catalog points Athena at S3 locations.",
                "--set: invalid value 'X-' for 'snapshot-sync.target.glue-catalog.table-prefix'. Allowed: empty or "
                        + "lower-case letters, digits and '_'."),
                e.problems().stream().filter(p -> p.contains("glue-catalog") && !p.contains("registration")).toList());
        assertEquals(1, e.problems().stream().filter(p -> p.contains("'crawler'")
                && p.contains("glue-catalog.registration") && p.contains("partitions")).count(), e.getMessage());
    }

    @Test
    void projectionIsTheAlternativeToPartitions() {
        GlueCatalogSettings catalog = load("target.glue-catalog.enabled=true", "target.glue-catalog.database=sales",
                "target.glue-catalog.registration=projection", "target.glue-catalog.table-prefix=daily_").target()
                .catalog();

        assertEquals(new GlueCatalogSettings(true, "sales", "daily_", GlueCatalogSettings.Registration.PROJECTION, "",
                ""), catalog);
    }

    @Test
    void eventsAreOffByDefaultOnTheDefaultBus() {
        assertEquals(new EventSettings(false, "default", "snapshot-sync", "", ""), load().target().events());
    }

    @Test
    void anEventSourceOfAwsIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(
                "target.events.enabled=true", "target.events.source=aws.glue", "target.events.event-bus=\"my bus\""));

        assertEquals(List.of(
                "--set: invalid value 'aws.glue' for 'snapshot-sync.target.events.source'. Allowed: 1 to 256 characters "
                        + "not starting with 'aws.' (reserved for AWS services).",
                "--set: invalid value '\"my bus\"' for 'snapshot-sync.target.events.event-bus'. Allowed: an event bus name "
                        + "or ARN, such as default."),
                e.problems().stream().sorted(java.util.Comparator.reverseOrder()).toList());
    }
}
