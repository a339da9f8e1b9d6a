package dev.snapshotsync.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads S3Mock over plain S3 REST calls (ListObjectsV2, GET, HEAD), independently of S3A and of
 * either AWS SDK, so tests check what is really stored rather than what our code reports.
 */
public final class S3Http {
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern CONTENTS = Pattern.compile("<Contents>(.*?)</Contents>", Pattern.DOTALL);
    private static final Pattern ETAG = Pattern.compile("<ETag>([^<]*)</ETag>");
    private static final Pattern NEXT_TOKEN = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private S3Http() {}

    public static List<String> list(String bucket, String prefix) {
        String body = new String(send(HttpRequest.newBuilder(uri(bucket, "?list-type=2&max-keys=1000&prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8))).GET()).body(), StandardCharsets.UTF_8);
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(body);
        while (m.find()) {
            keys.add(unescape(m.group(1)));
        }
        return keys;
    }

    /** Every object of the bucket under the prefix, key to ETag, through every page of the listing. */
    public static java.util.Map<String, String> listAll(String bucket, String prefix) {
        java.util.Map<String, String> objects = new java.util.TreeMap<>();
        String token = null;
        do {
            String query = "?list-type=2&max-keys=1000&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
                    + (token == null ? "" : "&continuation-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            String body = new String(send(HttpRequest.newBuilder(uri(bucket, query)).GET()).body(),
                    StandardCharsets.UTF_8);
            Matcher m = CONTENTS.matcher(body);
            while (m.find()) {
                Matcher key = KEY.matcher(m.group(1));
                Matcher etag = ETAG.matcher(m.group(1));
                if (key.find()) {
                    objects.put(unescape(key.group(1)), etag.find() ? etag.group(1) : "");
                }
            }
            Matcher next = NEXT_TOKEN.matcher(body);
            token = body.contains("<IsTruncated>true</IsTruncated>") && next.find() ? unescape(next.group(1)) : null;
        } while (token != null);
        return objects;
    }

    private static String unescape(String xml) {
        return xml.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'");
    }

    public static byte[] get(String bucket, String key) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, "/" + key)).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + bucket + "/" + key + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** HeadObject: the response headers. */
    public static java.net.http.HttpHeaders head(String bucket, String key) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, "/" + key))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new AssertionError("HEAD " + bucket + "/" + key + " answered " + response.statusCode());
        }
        return response.headers();
    }

    public static void put(String bucket, String key, byte[] body) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, "/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (response.statusCode() != 200) {
            throw new AssertionError("PUT " + bucket + "/" + key + " answered " + response.statusCode());
        }
    }

    /** CreateBucket, unless the bucket is there already (S3Mock answers 409 BucketAlreadyOwnedByYou). */
    public static void createBucket(String bucket) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, "/"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200 && response.statusCode() != 409) {
            throw new AssertionError("CreateBucket " + bucket + " answered " + response.statusCode());
        }
    }

    private static URI uri(String bucket, String rest) {
        String path = rest.startsWith("/") ? "/" + encodePath(rest.substring(1)) : rest;
        return URI.create(TestEnv.s3HttpEndpoint() + "/" + bucket + path);
    }

    private static String encodePath(String key) {
        StringBuilder out = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("S3Mock request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
