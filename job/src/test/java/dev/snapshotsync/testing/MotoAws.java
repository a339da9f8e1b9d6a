package dev.snapshotsync.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/**
 * The moto server that {@code scripts/test-servers} started, playing Secrets Manager and Glue. Test
 * fixtures are created over plain AWS JSON-protocol calls, independently of either AWS SDK; moto does
 * not check signatures, only reads the service and region from the Authorization header.
 */
public final class MotoAws {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The job's SDK (v1 or v2) takes the default credential chain, as on Glue and EMR; these are
        // the system properties both generations read (v1: aws.secretKey, v2: aws.secretAccessKey).
        System.setProperty("aws.accessKeyId", TestEnv.get("aws.access.key"));
        System.setProperty("aws.secretKey", TestEnv.get("aws.secret.key"));
        System.setProperty("aws.secretAccessKey", TestEnv.get("aws.secret.key"));
    }

    private MotoAws() {}

    /** A name no other test (or earlier run against the same server) uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** HOCON for source.credentials pointing both services at moto; {@code choice} is secret-id = ... or glue-connection = ... */
    public static String credentials(String choice) {
        return """
                snapshot-sync.source.credentials {
                  %s
                  region = "%s"
                  secrets-manager-endpoint = "%s"
                  glue-endpoint = "%s"
                }
                """.formatted(choice, TestEnv.get("aws.region"), TestEnv.get("aws.endpoint"), TestEnv.get("aws.endpoint"));
    }

    public static void createSecret(String name, String secretString) {
        call("secretsmanager", "secretsmanager.CreateSecret", Map.of("Name", name, "SecretString", secretString));
    }

    public static void createGlueConnection(String name, Map<String, String> properties) {
        call("glue", "AWSGlue.CreateConnection", Map.of("ConnectionInput",
                Map.of("Name", name, "ConnectionType", "JDBC", "ConnectionProperties", properties)));
    }

    /** The JSON of a database secret as Secrets Manager and RDS write it. */
    public static String databaseSecret(String user, String password) {
        try {
            return JSON.writeValueAsString(Map.of("engine", "postgres", "username", user, "password", password));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void createGlueDatabase(String name) {
        call("glue", "AWSGlue.CreateDatabase", Map.of("DatabaseInput", Map.of("Name", name)));
    }

    /** One Glue API call (target such as AWSGlue.GetTable) and its JSON answer. */
    public static com.fasterxml.jackson.databind.JsonNode glue(String target, Map<String, Object> body) {
        return json("glue", target, body);
    }

    /** One call of an AWS JSON-protocol API (service such as events or sqs) and its JSON answer. */
    public static com.fasterxml.jackson.databind.JsonNode json(String service, String target, Map<String, Object> body) {
        try {
            return JSON.readTree(call(service, target, body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String call(String service, String target, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(TestEnv.get("aws.endpoint") + "/"))
                    .header("Content-Type", "sqs".equals(service) ? "application/x-amz-json-1.0"
                            : "application/x-amz-json-1.1")
                    .header("X-Amz-Target", target)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + TestEnv.get("aws.access.key")
                            + "/20260101/" + TestEnv.get("aws.region") + "/" + service
                            + "/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(target + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(target + " failed against moto at " + TestEnv.get("aws.endpoint"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
