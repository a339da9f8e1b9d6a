package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20, "types resolved by OID, never by name alone", through the CLI: domains in any schema
 * and with any name (nested, in arrays) export as their base type, a user type named like a
 * built-in is never decoded as the built-in, money and money[] read alike, and a date or time
 * stamp no format holds exactly (infinity, BC, after 9999) fails the run with exit 3 naming the
 * table, the column and the value, with nothing published.
 */
class TypeResolutionTest {
    private static final String BUCKET = "test-bucket-3";
    /** 2^53 + 1: a bigint a double cannot hold, so decoding it as float8 shows. */
    private static final String BIG = "9007199254740993";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("type_resolution");
        db.execute("CREATE SCHEMA adv",
                "GRANT USAGE ON SCHEMA adv TO " + db.reader(),
                // With adv on the search path the driver names adv.int4 just "int4": only its OID tells.
                "ALTER ROLE " + db.reader() + " SET search_path = adv, public",
                "CREATE DOMAIN adv.float8 AS bigint",
                "CREATE DOMAIN adv.amount AS numeric(12,2)",
                "CREATE DOMAIN adv.nested AS adv.amount CHECK (VALUE > -1000000)",
                "CREATE TYPE adv.int4 AS ENUM ('x', 'y')",
                "CREATE DOMAIN label AS text",
                "CREATE DOMAIN adv.when_ts AS timestamptz",
                """
                CREATE TABLE domains (id int PRIMARY KEY, big adv.float8, amount adv.nested, amounts adv.amount[],
                  bigs adv.float8[], label label, fake adv.int4, cash money, cashes money[])""",
                "INSERT INTO domains VALUES (1, " + BIG + ", 1234567890.12, '{1.5,-2}', '{1," + BIG + "}', 'a,b', 'y', "
                        + "12.34, '{12.34,-0.5}'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }

    @Test
    void domainsAndLookAlikeTypesExportAsTheirBaseType() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "domains"),
                "snapshot-sync.tables { domains {} }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-01");

        assertEquals(0, result.exitCode(), result.toString());
        CsvDay day = CsvDay.read(BUCKET, "domains/domains/snapshot_date=2026-05-01/");
        assertEquals(List.of("id", "big", "amount", "amounts", "bigs", "label", "fake", "cash", "cashes"), day.header());
        List<List<String>> rows = day.rows().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList();
        assertEquals(List.of("1", BIG, "1234567890.12", "[1.50,-2.00]", "[1," + BIG + "]", "a,b", "y", "12.34",
                "[12.34,-0.50]"), rows.get(0));
        assertEquals(Arrays.asList("2", null, null, null, null, null, null, null, null), rows.get(1));
        String manifest = new String(S3Http.get(BUCKET, "domains/domains/snapshot_date=2026-05-01/_manifest.json"),
                StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"bigint\"") && manifest.contains("\"numeric(12,2)\""), manifest);
    }

    @Test
    void aCustomQueryOverDomainsReadsTheBaseTypes() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "domain-query"),
                "snapshot-sync.tables { q { query = \"SELECT id, big, amount, fake, cash, cashes FROM domains\" } }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-01");

        assertEquals(0, result.exitCode(), result.toString());
        List<List<String>> rows = CsvDay.read(BUCKET, "domain-query/q/snapshot_date=2026-05-01/").rows().stream()
                .sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList();
        assertEquals(List.of("1", BIG, "1234567890.12", "y", "12.34", "[12.34,-0.50]"), rows.get(0));
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("date", "'infinity'", "infinity", "copy"),
                Arguments.of("date", "'0044-03-15 BC'", "0044-03-15 BC", "copy"),
                Arguments.of("date", "'10000-01-01'", "10000-01-01", "jdbc"),
                Arguments.of("timestamp", "'infinity'", "infinity", "copy"),
                Arguments.of("timestamp", "'0044-03-15 10:00:00 BC'", "0044-03-15 10:00:00 BC", "copy"),
                Arguments.of("timestamptz", "'-infinity'", "-infinity", "jdbc"),
                Arguments.of("timestamptz", "'10000-06-01 00:00:00+00'", "10000-06-0", "copy"),
                Arguments.of("adv.when_ts", "'infinity'", "infinity", "copy"));
    }

    @ParameterizedTest(name = "{0} {1} ({3})")
    @MethodSource("outOfRange")
    void aValueNoFormatHoldsFailsTheRunNamingTableColumnAndValue(String type, String value, String shown,
                                                                 String protocol) {
        String table = "t_" + Math.abs((type + value + protocol).hashCode());
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, \"When\" " + type + ")",
                "INSERT INTO " + table + " VALUES (1, '2026-01-01'), (2, " + value + "), (3, NULL)");
        String prefix = "range-" + table;
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { " + table + " {} }", "snapshot-sync.source.read-protocol = " + protocol);

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", "2026-05-02");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("reading table public." + table), result.toString());
        assertTrue(result.err().contains("column 'When' holds " + shown), result.toString());
        assertTrue(result.err().contains("outside the years 0001 to 9999"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, prefix + "/");
    }
}
