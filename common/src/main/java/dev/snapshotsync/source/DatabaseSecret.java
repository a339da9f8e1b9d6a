package dev.snapshotsync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.config.Secret;
import dev.snapshotsync.errors.ConfigurationException;
import java.io.IOException;

/**
 * Reads the login from a Secrets Manager secret in the JSON format of RDS and Secrets Manager
 * database secrets: string fields {@code username} and {@code password}. Other fields (engine,
 * host, port, dbname, ...) are ignored on purpose: the configuration names the server, so a secret
 * shared with other applications, or rotated by RDS, cannot redirect the export.
 */
final class DatabaseSecret {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DatabaseSecret() {}

    /**
     * @param namedBy where the secret id came from, for messages ("for 'snapshot-sync...secret-id'")
     * @param text the secret's value; never part of any message, and Jackson's parse errors are
     *     dropped because they quote the text they failed on
     */
    static Credentials parse(String secretId, String namedBy, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw malformed(secretId, namedBy, "it is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw malformed(secretId, namedBy, "it is not a JSON object");
        }
        String user = field(node, "username", secretId, namedBy);
        String password = field(node, "password", secretId, namedBy);
        return new Credentials(user, Secret.of(password), "the password of secret '" + secretId + "' " + namedBy);
    }

    /** A secret that holds SecretBinary instead of SecretString. */
    static ConfigurationException binary(String secretId, String namedBy) {
        return malformed(secretId, namedBy, "it holds binary data, not text");
    }

    private static String field(JsonNode node, String name, String secretId, String namedBy) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw malformed(secretId, namedBy, "it has no '" + name + "' field");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw malformed(secretId, namedBy, "its '" + name + "' field is not a non-empty string");
        }
        return value.asText();
    }

    private static ConfigurationException malformed(String secretId, String namedBy, String problem) {
        return ConfigurationException.of("malformed secret '" + secretId + "' " + namedBy + ": " + problem
                + ". Allowed: a JSON object with the string fields username and password, as in "
                + "{\"username\": \"...\", \"password\": \"...\"}. Fix the secret's value in Secrets Manager "
                + "(its content is never printed).");
    }
}
