package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import dev.snapshotsync.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Config lives in S3: changing what a job exports is an upload of its file, picked up by the next
 * run with nothing else changed (the same command line, as a Glue trigger or EMR step repeats it).
 */
@LineIndependent
class ConfigInS3Test {
    private static final String CONFIG_BUCKET = "test-bucket-3";
    private static final String TARGET_BUCKET = "test-bucket";
    private static TestDatabase db;

    @BeforeAll
    static void createTablesAndReachTheConfigBucket() {
        db = TestDatabase.create("config_in_s3");
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 5) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric(8,2))",
                "INSERT INTO orders SELECT g, 1 + g % 5, g * 2.5 FROM generate_series(1, 12) g");
        // What `--conf spark.hadoop.fs.s3a.bucket.<bucket>.*=...` does at session start (the session
        // here is shared and already running): the config bucket is on S3Mock, not AWS.
        TestEnv.s3aBucketSettings(CONFIG_BUCKET).forEach(hadoopConf()::set);
    }

    @AfterAll
    static void forgetTheConfigBucket() {
        TestEnv.s3aBucketSettings(CONFIG_BUCKET).keySet().forEach(hadoopConf()::unset);
    }

    private static Configuration hadoopConf() {
        return TestSpark.session().sparkContext().hadoopConfiguration();
    }

    @Test
    void changedConfigObjectIsPickedUpByTheNextRun() {
        String prefix = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "configs/" + prefix + "/job.conf";
        String[] command = {"export", "--config", "s3://" + CONFIG_BUCKET + "/" + key, "--date", "2026-03-01"};
        upload(key, TestConfig.base(db, TARGET_BUCKET, prefix) + "\nsnapshot-sync.tables { customers {} }\n");

        Cli.Result first = Cli.run(command);

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(List.of(".csv"), extensions(prefix + "/customers/snapshot_date=2026-03-01/"));
        assertTrue(S3Http.list(TARGET_BUCKET, prefix + "/orders/").isEmpty(), "orders exported before it was configured");

        upload(key, TestConfig.base(db, TARGET_BUCKET, prefix)
                + "\nsnapshot-sync.target.format = json\nsnapshot-sync.tables { customers {}, orders {} }\n");
        Cli.Result second = Cli.run(command);

        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(List.of(".json"), extensions(prefix + "/customers/snapshot_date=2026-03-01/"));
        assertEquals(List.of(".json"), extensions(prefix + "/orders/snapshot_date=2026-03-01/"));
        assertTrue(second.out().contains(prefix + "/orders/snapshot_date=2026-03-01"), second.toString());
        assertFalse(second.err().contains(db.readerPassword()), "password leaked: " + second);
    }

    @Test
    void missingConfigObjectIsAConfigurationErrorNamingIt() {
        String uri = "s3a://" + CONFIG_BUCKET + "/configs/no-such-job.conf";

        Cli.Result result = Cli.run("export", "--config", uri);

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("cannot read configuration '" + uri + "': FileNotFoundException"),
                result.toString());
        assertTrue(result.err().contains("Check the URI and that the job's role may read it (s3:GetObject)."),
                result.toString());
    }

    private static void upload(String key, String text) {
        S3Http.put(CONFIG_BUCKET, key, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The distinct extensions of the day's data files (compression suffixes would show here too). */
    private static List<String> extensions(String dayPrefix) {
        List<String> keys = S3Http.list(TARGET_BUCKET, dayPrefix);
        assertTrue(keys.contains(dayPrefix + "_SUCCESS"), "no _SUCCESS in " + keys);
        return keys.stream().filter(k -> k.substring(dayPrefix.length()).startsWith("part-"))
                .map(k -> k.substring(k.lastIndexOf('.'))).distinct().toList();
    }
}
