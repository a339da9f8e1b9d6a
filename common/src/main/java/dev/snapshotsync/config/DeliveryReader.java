package dev.snapshotsync.config;

/** Reads and checks {@code target.glue-catalog}: what happens after a day is published. */
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
}
