package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20's smaller cases: a snapshot date outside 1900-01-01 .. today and a target.uri with '.'
 * or '..' segments are refused with exit 2 before anything is written.
 */
class DateAndUriTest {
    private static final String BUCKET = "test-bucket-2";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("date_and_uri");
        db.execute("CREATE TABLE items (id int PRIMARY KEY)", "INSERT INTO items VALUES (1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0001-01-01", "0044-03-15", "1899-12-31"})
    void aDateBefore1900IsRefused(String date) {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "early-dates"),
                "snapshot-sync.tables { items {} }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", date);

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("invalid value '" + date + "' for '--date'. Allowed: a date from 1900-01-01 "
                + "to today in UTC"), result.toString());
        assertTrue(S3Http.list(BUCKET, "early-dates/").isEmpty(), S3Http.list(BUCKET, "early-dates/").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3a://test-bucket-2/out/../elsewhere", "s3a://test-bucket-2/./out", "s3://b/a/..",
            "s3a://test-bucket-2/out/%2E%2e/x", "file:///tmp/out/./x"})
    void aTargetUriWithDotSegmentsIsRefused(String uri) {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "dots"),
                "snapshot-sync.tables { items {} }", "snapshot-sync.target { uri = \"" + uri + "\" }");

        Cli.Result validate = Cli.run("validate", "--config", config.toString(), "--offline");
        Cli.Result export = Cli.run("export", "--config", config.toString(), "--date", "2026-01-01");

        for (Cli.Result result : List.of(validate, export)) {
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("invalid value '" + uri + "' for 'snapshot-sync.target.uri'. Allowed: a "
                    + "URI without '.' or '..' path segments"), result.toString());
        }
        assertTrue(S3Http.list(BUCKET, "elsewhere/").isEmpty());
    }
}
