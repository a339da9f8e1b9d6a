package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.LogCapture;
import dev.snapshotsync.testing.MotoAws;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import dev.snapshotsync.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known secret values (the database password in the configuration and in a Secrets Manager
 * secret, and the hashing salt) go through a successful run and every failure path; none of them
 * may appear in what is printed, logged, published (manifests, run summaries) or in Spark's event
 * logs, nor in --help.
 */
class SecretsTest {
    private static final String BUCKET = "test-bucket-2";
    private static final String SALT = "salt-" + UUID.randomUUID();
    private static final String PREFIX = "secrets-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("secrets");
        db.execute("CREATE TABLE people (id int PRIMARY KEY, email text, note text)",
                "INSERT INTO people SELECT g, 'p' || g || '@example.com', 'n' || g FROM generate_series(1, 20) g");
    }

    private List<String> secrets() {
        return List.of(db.readerPassword(), SALT);
    }

    private Path config(String name, String... extra) {
        List<String> parts = new ArrayList<>(List.of(TestConfig.base(db, BUCKET, PREFIX), """
                snapshot-sync.tables.people {
                  columns = [ id, { name = email, action = hash }, note ]
                  hash-salt = "%s"
                }
                """.formatted(SALT)));
        parts.addAll(List.of(extra));
        return TestConfig.write(dir, name + ".conf", parts.toArray(String[]::new));
    }

    /** Runs the export and returns everything a user or an operator could see of it. */
    private String run(Path config, int exitCode) {
        try (LogCapture log = LogCapture.start()) {
            Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-10-01");
            assertEquals(exitCode, result.exitCode(), result.toString());
            return result.out() + result.err() + String.join("\n", log.lines());
        }
    }

    @Test
    void noSecretIsPrintedLoggedPublishedOrInEventLogs() throws IOException {
        List<String> seen = new ArrayList<>();
        seen.add(run(config("ok"), 0));
        String secret = MotoAws.uniqueName("secrets/reader");
        MotoAws.createSecret(secret, MotoAws.databaseSecret(db.reader(), db.readerPassword()));
        seen.add(run(config("from-secret", "snapshot-sync.source { user = null, password = null }",
                MotoAws.credentials("secret-id = \"" + secret + "\"")), 0));
        seen.add(run(config("bad-key", "snapshot-sync.target.encryption.kms-key-id = no-such-key"), 4));
        seen.add(run(config("bad-ca", "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.other.ca") + "\""), 3));
        seen.add(run(config("bad-value", "snapshot-sync.source.fetch-size = 0"), 2));
        seen.add(run(config("bad-password-type", "snapshot-sync.source.password = { nested = \""
                + db.readerPassword() + "\" }"), 2));
        seen.add(run(config("timeout", "snapshot-sync.source { port = 1, connect-attempts = 1 }"), 3));
        seen.add(Cli.run("export", "--help").out());

        for (String key : S3Http.list(BUCKET, PREFIX + "/")) {
            seen.add(new String(S3Http.get(BUCKET, key), StandardCharsets.UTF_8));
        }
        assertTrue(S3Http.list(BUCKET, PREFIX + "/").stream().anyMatch(k -> k.endsWith("_manifest.json")));
        assertTrue(S3Http.list(BUCKET, PREFIX + "/_runs/").size() >= 2, "run summaries are part of the check");
        seen.add(eventLogs());

        for (String text : seen) {
            for (String value : secrets()) {
                assertFalse(text.contains(value), "a secret appears in: " + text.substring(0, Math.min(2000,
                        text.length())));
            }
        }
    }

    private static String eventLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(TestSpark.eventLogs())) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    all.append(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertTrue(all.length() > 0, "no Spark event log was written");
        return all.toString();
    }
}
