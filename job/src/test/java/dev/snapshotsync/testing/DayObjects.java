package dev.snapshotsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** What S3 holds for a published day, read over plain REST (S3Http): keys, encryption, manifest. */
public final class DayObjects {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DayObjects() {}

    /** Object keys under a prefix, without S3A's directory markers. */
    public static List<String> keys(String bucket, String prefix) {
        return S3Http.list(bucket, prefix).stream().filter(k -> !k.endsWith("/")).toList();
    }

    /** Every object under the prefix says aws:kms with the test key on HeadObject. */
    public static void assertAllEncrypted(String bucket, String prefix) {
        List<String> keys = keys(bucket, prefix);
        assertFalse(keys.isEmpty(), "no objects under " + prefix);
        for (String key : keys) {
            HttpHeaders headers = S3Http.head(bucket, key);
            assertEquals("aws:kms", headers.firstValue("x-amz-server-side-encryption").orElse(""), key);
            String keyId = headers.firstValue("x-amz-server-side-encryption-aws-kms-key-id").orElse("");
            assertTrue(keyId.equals(TestEnv.kmsKey()) || keyId.endsWith("key/" + TestEnv.kmsKey()), key + ": " + keyId);
        }
    }

    public static JsonNode json(String bucket, String key) {
        try {
            return JSON.readTree(S3Http.get(bucket, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's file keys, in its order. */
    public static List<String> manifestKeys(JsonNode manifest) {
        return java.util.stream.StreamSupport.stream(manifest.get("files").spliterator(), false)
                .map(f -> f.get("key").asText()).toList();
    }

    /** Every object under the prefix with its content. */
    public static java.util.Map<String, byte[]> contents(String bucket, String prefix) {
        java.util.Map<String, byte[]> contents = new java.util.TreeMap<>();
        keys(bucket, prefix).forEach(key -> contents.put(key, S3Http.get(bucket, key)));
        return contents;
    }

    /**
     * What a reader that follows {@code _SUCCESS} and {@code _manifest.json} finds: the day is
     * published and every file its manifest names is there with the manifest's size. Returns the manifest.
     */
    public static JsonNode assertCompleteDay(String bucket, String day) {
        List<String> keys = S3Http.list(bucket, day);
        assertTrue(keys.contains(day + "_SUCCESS"), "not published: " + keys);
        JsonNode manifest = json(bucket, day + "_manifest.json");
        for (JsonNode file : manifest.get("files")) {
            String key = file.get("key").asText();
            assertTrue(keys.contains(key), "the manifest names " + key + ", which is not there: " + keys);
            assertEquals(file.get("bytes").asLong(), S3Http.get(bucket, key).length, key);
        }
        return manifest;
    }

    /**
     * A complete day whose folder holds exactly its manifest's files, {@code _manifest.json} and
     * {@code _SUCCESS}: every key, directory markers included. Returns the manifest.
     */
    public static JsonNode assertExactDay(String bucket, String day) {
        JsonNode manifest = assertCompleteDay(bucket, day);
        List<String> expected = new java.util.ArrayList<>(manifestKeys(manifest));
        expected.add(day + "_SUCCESS");
        expected.add(day + "_manifest.json");
        assertEquals(expected.stream().sorted().toList(), S3Http.list(bucket, day).stream().sorted().toList(), day);
        return manifest;
    }

    /** No zero-byte directory-marker object ({@code .../}) anywhere under the prefix. */
    public static void assertNoDirectoryMarkers(String bucket, String prefix) {
        List<String> markers = S3Http.list(bucket, prefix).stream().filter(k -> k.endsWith("/")).toList();
        assertTrue(markers.isEmpty(), "directory markers left: " + markers);
    }

    /**
     * A failed run leaves nothing under {@code prefix} but empty directory markers (S3A's) and its
     * run summary under {@code _runs/}, which must say it failed.
     */
    public static void assertNothingPublished(String bucket, String prefix) {
        List<String> keys = S3Http.list(bucket, prefix);
        org.junit.jupiter.api.Assertions.assertTrue(
                keys.stream().allMatch(k -> k.endsWith("/") || k.startsWith(prefix + "_runs/")), keys.toString());
        org.junit.jupiter.api.Assertions.assertTrue(keys.stream().filter(k -> k.startsWith(prefix + "_runs/"))
                .allMatch(k -> new String(S3Http.get(bucket, k), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\"status\" : \"failed\"")), keys.toString());
    }
}
