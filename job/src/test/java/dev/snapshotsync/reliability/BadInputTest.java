package dev.snapshotsync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one row per case: the exit code, the words the message must hold (the offending
 * value, where it came from, what to do), and no secret anywhere in what the user sees.
 */
class BadInputTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create("bad_input");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)", "INSERT INTO items VALUES (1, 'one')");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("invalid HOCON", "snapshot-sync.target { format = csv", List.of(), 2,
                        List.of("cannot parse", "job.conf")),
                Arguments.of("unknown key", "snapshot-sync.source.fetchsize = 10", List.of(), 2,
                        List.of("unknown key 'snapshot-sync.source.fetchsize'")),
                Arguments.of("wrong type", "snapshot-sync.source.max-connections = many", List.of(), 2,
                        List.of("'many' for 'snapshot-sync.source.max-connections'", "a whole number")),
                Arguments.of("out of range", "snapshot-sync.source.fetch-size = 0", List.of(), 2,
                        List.of("'0' for 'snapshot-sync.source.fetch-size'", "from 1 to 1000000")),
                Arguments.of("missing table", "snapshot-sync.tables.ghost {}", List.of(), 2,
                        List.of("'public.ghost'", "snapshot-sync.tables.ghost", "does not exist")),
                Arguments.of("invalid date", "", List.of("--date", "2026-02-30"), 2,
                        List.of("'2026-02-30' for '--date'", "YYYY-MM-DD")),
                Arguments.of("future date", "", List.of("--date", "2999-01-01"), 2,
                        List.of("'2999-01-01' for '--date'", "allow-future-dates")),
                Arguments.of("malformed KMS key", "snapshot-sync.target.encryption.kms-key-id = \"not a key!\"",
                        List.of(), 2, List.of("'not a key!' for 'snapshot-sync.target.encryption.kms-key-id'")),
                Arguments.of("unreachable host", "snapshot-sync.source { port = 1, connect-attempts = 1 }",
                        List.of(), 3, List.of("127.0.0.1:1", "cannot be reached", "source.port")),
                Arguments.of("wrong password", "snapshot-sync.source.password = \"wrong-password-123\"", List.of(), 3,
                        List.of("password authentication failed", "source.password")),
                Arguments.of("wrong certificate", "snapshot-sync.source.ssl.root-cert = \"" + TestEnv.get("pg.other.ca")
                        + "\"", List.of(), 3, List.of("could not be verified", "other-ca.pem")),
                Arguments.of("missing bucket", "snapshot-sync.target.uri = \"s3a://no-such-bucket/x\"", List.of(), 4,
                        List.of("'no-such-bucket'", "does not exist", "target.uri")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputExitsWithItsCodeAndSaysWhatToFix(String name, String extra, List<String> args, int exitCode,
                                                  List<String> words) {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, "test-bucket-2", "bad-input"),
                "snapshot-sync.tables { items {} }", extra);
        List<String> dateArgs = args.isEmpty() ? List.of("--date", "2026-01-01") : args;
        String[] command = Stream.concat(Stream.of("export", "--config", config.toString()), dateArgs.stream())
                .toArray(String[]::new);

        Cli.Result result = Cli.run(command);

        assertEquals(exitCode, result.exitCode(), result.toString());
        for (String word : words) {
            assertTrue(result.err().contains(word), "'" + word + "' missing: " + result);
        }
        assertFalse(result.err().contains(db.readerPassword()), "password leaked: " + result);
        assertFalse(result.out().contains(db.readerPassword()), "password leaked: " + result);
    }
}
