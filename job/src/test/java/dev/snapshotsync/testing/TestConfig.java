package dev.snapshotsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a job configuration file pointing at the test servers; extra HOCON overrides the base. */
public final class TestConfig {
    private TestConfig() {}

    public static String base(TestDatabase db, String bucket, String prefix) {
        return """
                snapshot-sync {
                  source {
                    host = "%s"
                    port = %d
                    database = "%s"
                    user = "%s"
                    password = "%s"
                    ssl.root-cert = "%s"
                  }
                }
                """.formatted(TestEnv.get("pg.host"), TestEnv.pgPort(), db.name(), db.reader(), db.readerPassword(),
                TestEnv.get("pg.ca")) + target(bucket, prefix);
    }

    /** Only the target block: for tests that write their own source block. */
    public static String target(String bucket, String prefix) {
        return """
                snapshot-sync {
                  target {
                    uri = "s3a://%s/%s"
                    encryption.kms-key-id = "%s"
                    s3 {
                      endpoint = "%s"
                      region = "%s"
                      path-style-access = true
                      access-key = "%s"
                      secret-key = "%s"
                    }
                  }
                }
                """.formatted(bucket, prefix, TestEnv.kmsKey(), TestEnv.s3Endpoint(),
                TestEnv.get("s3.region"), TestEnv.get("s3.access.key"), TestEnv.get("s3.secret.key"));
    }

    public static Path write(Path dir, String name, String... parts) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, String.join("\n", parts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
