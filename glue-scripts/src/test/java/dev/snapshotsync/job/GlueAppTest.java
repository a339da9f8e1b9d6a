package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled Glue script (src/main/scala/GlueApp.scala) fed the argument list Glue passes to a
 * Scala job: Glue's own arguments next to the job parameters. The export runs on the session that
 * is already up, as on Glue, where the platform has configured it.
 */
class GlueAppTest {
    private static final String BUCKET = "test-bucket";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("glue_app");
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 6) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int)",
                "INSERT INTO orders SELECT g, 1 + g % 6 FROM generate_series(1, 9) g");
        TestSpark.session();
    }

    private List<String> glueArguments(String prefix, String date) {
        Path config = TestConfig.write(dir, "glue.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { customers {}, orders {} }");
        return List.of("--JOB_ID", "j_3f1b2c0d9e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b",
                "--JOB_RUN_ID", "jr_5a1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
                "--JOB_NAME", "snapshot-sync", "--job-bookmark-option", "job-bookmark-disable",
                "--TempDir", "s3://aws-glue-assets-111122223333-eu-west-1/temporary/",
                "--job-language", "scala", "--class", "GlueApp",
                "--extra-jars", "s3://my-artifacts/snapshot-sync/snapshot-sync-0.1.0-SNAPSHOT-spark41.jar",
                "--user-jars-first", "true", "--extra-files", "s3://my-artifacts/snapshot-sync/global-bundle.pem",
                "--enable-continuous-cloudwatch-log", "true", "--SECURITY_CONFIGURATION", "snapshot-sync-sse-kms",
                "--config", config.toString(), "--date", date, "--tables", "customers",
                "--set-format", "target.format=json");
    }

    @Test
    void exportsWithGluesArgumentListIgnoringGluesOwnArguments() throws Throwable {
        String prefix = "glue-" + UUID.randomUUID().toString().substring(0, 8);

        glueApp(glueArguments(prefix, "2026-05-01"));

        String day = prefix + "/customers/snapshot_date=2026-05-01/";
        List<String> keys = S3Http.list(BUCKET, day);
        assertTrue(keys.contains(day + "_SUCCESS"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith(day + "part-") && k.endsWith(".json")), keys.toString());
        assertTrue(S3Http.list(BUCKET, prefix + "/orders/").isEmpty(), "--tables customers was not applied");
    }

    @Test
    void failedRunIsThrownWithTheMessageSoGlueMarksTheRunFailed() {
        GlueEntry.RunFailedException failure = assertThrows(GlueEntry.RunFailedException.class,
                () -> glueApp(glueArguments("glue-bad-date", "yesterday")));

        assertEquals(2, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("snapshot-sync export failed with exit code 2: snapshot-sync: "
                + "configuration: invalid value 'yesterday' for '--date'. Allowed: a date as YYYY-MM-DD, such as "
                + "2026-01-31.\n  to do: "), failure.getMessage());
    }

    /**
     * GlueApp lives in the unnamed package, as Glue's convention ({@code --class GlueApp}) has it;
     * code in a named package reaches it only by reflection.
     */
    private static void glueApp(List<String> sysArgs) throws Throwable {
        try {
            Class.forName("GlueApp").getMethod("main", String[].class).invoke(null, (Object) sysArgs.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
