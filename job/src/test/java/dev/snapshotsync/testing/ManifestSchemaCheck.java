package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every {@code _manifest.json} and run report ({@code _runs/<run-id>.json}) the tests wrote
 * to S3Mock against the JSON Schemas in {@code common/src/main/resources/schemas}, with
 * {@code scripts/checks/check_manifests.py}. Registered for every test class through JUnit's
 * extension auto-detection (src/test/resources/junit-platform.properties and META-INF/services),
 * it runs after each class that used the test servers, on the objects that are new or changed
 * since the last check in this JVM, so the class that wrote an invalid manifest is the one that fails.
 */
public final class ManifestSchemaCheck implements AfterAllCallback {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManifestSchemaCheck.class);
    private static final Pattern CHECKED = Pattern.compile("(^|.*/)(_manifest\\.json|_runs/[^/]+\\.json)$");
    /** key (bucket/key) to the ETag already found valid. */
    private static final Map<String, String> VALID = new ConcurrentHashMap<>();
    private static volatile boolean serversUsed;

    /** Called by TestEnv when a test class reads the servers' coordinates. */
    static void serversUsed() {
        serversUsed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!serversUsed) {
            return;
        }
        Map<String, String> fresh = new java.util.TreeMap<>();
        for (String bucket : TestEnv.get("s3.buckets").split(",")) {
            S3Http.listAll(bucket, "").forEach((key, etag) -> {
                if (CHECKED.matcher(key).matches() && !etag.equals(VALID.get(bucket + "/" + key))) {
                    fresh.put(bucket + "/" + key, etag);
                }
            });
        }
        if (!fresh.isEmpty()) {
            check(fresh);
            VALID.putAll(fresh);
            LOG.info("{}: {} manifest(s) and run report(s) meet their JSON Schema", context.getDisplayName(),
                    fresh.size());
        }
    }

    private static void check(Map<String, String> objects) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("manifest-schema");
        try {
            List<String> command = new ArrayList<>(List.of(OutputCheck.python(), script("check_manifests.py"),
                    "--schemas", schemas().toString()));
            int n = 0;
            for (String object : objects.keySet()) {
                int slash = object.indexOf('/');
                byte[] body;
                try {
                    body = S3Http.get(object.substring(0, slash), object.substring(slash + 1));
                } catch (AssertionError gone) {
                    continue; // deleted between the listing and the read (a test's cleanup)
                }
                // The local name carries the key, so a problem names the object it was found in.
                Path file = dir.resolve((n++) + "-" + object.replaceAll("[^A-Za-z0-9._=-]", "_"));
                Files.write(file, body);
                command.add((object.endsWith("_manifest.json") ? "manifest=" : "report=") + file);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("check_manifests.py did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("manifests or run reports written by this class do not meet their JSON "
                        + "Schema:\n" + output);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                // a temp dir left behind is harmless
            }
        }
    }

    /** The schema folder of the repository (also on the classpath as /schemas from the common jar). */
    public static Path schemas() {
        return Path.of(System.getProperty("snapshotsync.project.root", ".."), "common", "src", "main", "resources",
                "schemas");
    }

    static String script(String name) {
        return Path.of(System.getProperty("snapshotsync.checks", "../scripts/checks"), name).toString();
    }
}
