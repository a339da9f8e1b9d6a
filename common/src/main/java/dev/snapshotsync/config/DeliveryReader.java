package dev.snapshotsync.config;

/** Reads and checks {@code target.glue-catalog} and {@code target.events}: what follows a publish. */
final class DeliveryReader {
    private static final String P = SettingsLoader.ROOT + ".target.";

    private DeliveryReader() {}

    static GlueCatalogSettings readCatalog(ConfigReader reader, String uri) {
        String p = P + "glue-catalog.";
        Boolean enabled = reader.bool(p + "enabled");
        String database = reader.optionalString(p + "database");
        String prefix = reader.optionalString(p + "table-prefix");
        var registration = reader.choice(p + "registration", GlueCatalogSettings.Registration.BY_NAME);
        String endpoint = reader.optionalString(p + "endpoint");
        if (Boolean.TRUE.equals(enabled)) {
            // Glue and Athena keep names in lower case and Athena accepts only letters, digits and '_'.
            if (!database.matches("[a-z0-9_]{1,255}")) {
                reader.invalid(p + "database", "the name of an existing Glue database: 1 to 255 lower-case letters, "
                        + "digits and '_' (required when glue-catalog.enabled = true)");
            }
            if (uri != null && uri.startsWith("file:")) {
                reader.problem(p + "enabled", "value 'true' for '" + p + "enabled' needs an S3 target, but "
                        + "target.uri is '" + uri + "'. The catalog points Athena at S3 locations.");
            }
        }
        if (!prefix.matches("[a-z0-9_]*")) {
            reader.invalid(p + "table-prefix", "empty or lower-case letters, digits and '_'");
        }
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^/\\s]+/?")) {
            reader.invalid(p + "endpoint", "empty (AWS) or an http:// or https:// URL");
        }
        if (enabled == null || registration == null) {
            return null;
        }
        return new GlueCatalogSettings(enabled, database, prefix, registration, reader.optionalString(p + "region"),
                endpoint);
    }

    static EventSettings readEvents(ConfigReader reader) {
        String p = P + "events.";
        Boolean enabled = reader.bool(p + "enabled");
        String bus = reader.optionalString(p + "event-bus");
        String source = reader.optionalString(p + "source");
        String endpoint = reader.optionalString(p + "endpoint");
        // EventBridge's own limits: a bus name or ARN, and a source of 1 to 256 characters.
        if (!bus.matches("[A-Za-z0-9._\\-/:]{1,1600}")) {
            reader.invalid(p + "event-bus", "an event bus name or ARN, such as default");
        }
        if (source.isEmpty() || source.length() > 256 || source.startsWith("aws.")) {
            reader.invalid(p + "source", "1 to 256 characters not starting with 'aws.' (reserved for AWS services)");
        }
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^/\\s]+/?")) {
            reader.invalid(p + "endpoint", "empty (AWS) or an http:// or https:// URL");
        }
        if (enabled == null) {
            return null;
        }
        return new EventSettings(enabled, bus, source, reader.optionalString(p + "region"), endpoint);
    }
}
