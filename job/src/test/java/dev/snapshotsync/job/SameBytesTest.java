package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.HostileValues;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Days written by this build are byte for byte the days the build before the CSV and JSON speed
 * work wrote (f04c4a9: Spark's own CSV and text writers, rows counted by reading the files back,
 * the sanitize guard by RLIKE, JSON members cut by characters), from the same data: every type
 * the type mapping reads, 300 rows of generated values (NULLs, extremes, NaN and infinities,
 * decimals from 1e-20 to 1e19, text that needs quoting, control, zero-width and bidi characters),
 * and the hostile text corpus, in every CSV dialect option, with each sanitize profile, and as
 * JSON Lines, plain and gzip. The recorded days are in {@code
 * src/test/resources/same-bytes/<case>/<table>.<extension>}; {@code -Dsamebytes.record=<that
 * folder>} writes them instead of comparing. They were made by this class run on f04c4a9's tree,
 * on each Spark line: the two lines wrote the same bytes, so one recording serves both.
 */
class SameBytesTest {
    private static final String DATE = "2026-05-01";
    private static final int ROWS = 300;
    private static TestDatabase db;

    @TempDir
    static Path dir;

    @BeforeAll
    static void createTables() throws SQLException {
        db = TestDatabase.create("same_bytes");
        db.execute("CREATE TYPE golden_mood AS ENUM ('sad', 'ok', 'happy')",
                """
                CREATE TABLE golden_types (id int PRIMARY KEY, c_smallint smallint, c_integer integer,
                  c_bigint bigint, c_numeric numeric, c_numeric_12_2 numeric(12,2), c_real real,
                  c_double double precision, c_money money, c_boolean boolean, c_text text, c_varchar varchar(40),
                  c_char char(5), c_date date, c_timestamp timestamp, c_timestamptz timestamptz, c_time time,
                  c_interval interval, c_uuid uuid, c_json json, c_jsonb jsonb, c_bytea bytea, c_inet inet,
                  c_enum golden_mood, c_text_array text[], c_int_array integer[])""",
                """
                INSERT INTO golden_types SELECT g,
                  CASE WHEN g % 17 = 0 THEN NULL ELSE ((g * 7919) % 65536 - 32768)::smallint END,
                  ((g::bigint * 104729) % 4294967296 - 2147483648)::int,
                  CASE WHEN g = 1 THEN -9223372036854775808 WHEN g = 2 THEN 9223372036854775807
                       ELSE g::bigint * 922337203685477 - 4611686018427387904 END,
                  CASE WHEN g % 13 = 0 THEN NULL WHEN g % 29 = 0 THEN 'NaN'::numeric
                       ELSE ((g - 150) * 125)::numeric * ('1e' || (g % 40 - 20))::numeric END,
                  CASE WHEN g % 19 = 0 THEN NULL ELSE round((g * 33333.337 - 5000000)::numeric, 2) END,
                  CASE g % 50 WHEN 0 THEN 'NaN'::real WHEN 1 THEN 'Infinity'::real WHEN 2 THEN '-Infinity'::real
                       WHEN 3 THEN NULL ELSE ((g - 150) * 1.1 * power(10::float8, g % 30 - 15))::real END,
                  CASE g % 50 WHEN 0 THEN 'NaN'::float8 WHEN 1 THEN 'Infinity'::float8 WHEN 2 THEN '-Infinity'::float8
                       WHEN 3 THEN NULL ELSE (g - 150) * 1.000000001 * power(10::float8, g % 600 - 300) END,
                  (g * 1234.56 - 99999)::numeric::money,
                  CASE WHEN g % 11 = 0 THEN NULL ELSE g % 2 = 0 END,
                  CASE g % 10 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'line' || chr(10) || 'break ' || g
                       WHEN 3 THEN 'comma, "quote" ' || g WHEN 4 THEN 'tab' || chr(9) || 'cr' || chr(13) || 'lf'
                       WHEN 5 THEN 'zero' || chr(8203) || 'width ' || chr(9731) || ' ' || chr(8238) || 'bidi'
                       WHEN 6 THEN 'ctl' || chr(1) || chr(127) || 'x' || chr(133) || 'nel'
                       WHEN 7 THEN '  spaced   out  ' WHEN 8 THEN 'caf' || chr(233) || ' ' || chr(128512) || ' ok'
                       ELSE 'plain text ' || g END,
                  'v' || g || repeat('x', g % 30),
                  substr(md5(g::text), 1, 1 + g % 5),
                  DATE '0001-01-01' + g * 12000,
                  TIMESTAMP '0001-01-01 00:00:00' + g * 25 * interval '12345678.123456 seconds',
                  TIMESTAMPTZ '1970-01-01 00:00:00+00' + (g - 150) * interval '9876543.210987 seconds',
                  TIME '00:00:00' + g * interval '287.654321 seconds',
                  (g - 150) * interval '1 mon 2 days 03:04:05.678',
                  md5(g::text)::uuid,
                  CASE WHEN g % 4 = 0 THEN ('{"a": [1, 2,' || chr(10) || ' {"b": ' || g || '}]}')::json
                       ELSE json_build_object('g', g, 's', 'x"' || g, 'n', CASE WHEN g % 3 = 0 THEN NULL ELSE g * 1.5 END)
                       END,
                  CASE WHEN g % 9 = 0 THEN 'null'::jsonb
                       ELSE jsonb_build_object('k', g, 'u', chr(9731), 'arr', jsonb_build_array(1.5, NULL, true,
                            'q"' || chr(10))) END,
                  CASE WHEN g % 7 = 0 THEN '\\x00'::bytea ELSE decode(md5(g::text), 'hex') END,
                  ('10.' || (g % 256) || '.' || (g * 7 % 256) || '.1/' || (g % 33))::inet,
                  (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::golden_mood,
                  CASE WHEN g % 5 = 0 THEN '{}'::text[] ELSE ARRAY['a,b' || g, NULL, 'q"' || chr(10)] END,
                  ARRAY[g, NULL, -g]
                FROM generate_series(1, ROWS) g""".replace("ROWS", Integer.toString(ROWS)));
        HostileValues.createCorpusTable(db);
    }

    /** Each case: a name and the configuration it sets beside the format. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("csv", List.of("target.format = csv")),
                Arguments.of("csv-dialect", List.of("target.format = csv", "target.csv.delimiter = \";\"",
                        "target.csv.quote = \"'\"", "target.csv.escape = \"\\\\\"", "target.csv.null-value = NULL",
                        "target.csv.quote-all = true", "target.csv.line-separator = \"\\r\\n\"")),
                Arguments.of("csv-gzip-bom", List.of("target.format = csv", "target.csv.compression = gzip",
                        "target.csv.bom = true")),
                Arguments.of("csv-safe", List.of("target.format = csv", "table-defaults.sanitize = csv-safe")),
                Arguments.of("csv-ascii-strict", List.of("target.format = csv",
                        "table-defaults.sanitize = ascii-strict")),
                Arguments.of("json", List.of("target.format = json")),
                Arguments.of("json-gzip-safe", List.of("target.format = json", "target.json.compression = gzip",
                        "table-defaults.sanitize = csv-safe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dayIsByteForByteTheRecordedOne(String name, List<String> settings) throws IOException {
        Path out = dir.resolve(name);
        StringBuilder config = new StringBuilder(TestConfig.base(db, "unused", "unused"))
                .append("\nsnapshot-sync.target.uri = \"").append(out.toUri()).append("\"")
                .append("\nsnapshot-sync.target.encryption.mode = none")
                .append("\nsnapshot-sync.tables { golden_types {}, corpus {} }");
        settings.forEach(line -> config.append("\nsnapshot-sync.").append(line));
        Path file = TestConfig.write(dir, name + ".conf", config.toString());
        Cli.Result result = Cli.run("export", "--config", file.toString(), "--date", DATE);
        assertEquals(0, result.exitCode(), result.toString());

        String record = System.getProperty("samebytes.record", "");
        Path recorded = record.isEmpty() ? recordedDays() : Path.of(record);
        for (String table : List.of("golden_types", "corpus")) {
            Path data = onlyDataFile(out.resolve(table).resolve("snapshot_date=" + DATE));
            String stored = name + "/" + table + extension(data);
            if (!record.isEmpty()) {
                Files.createDirectories(recorded.resolve(stored).getParent());
                Files.write(recorded.resolve(stored), Files.readAllBytes(data));
                continue;
            }
            byte[] expected = read(stored);
            assertArrayEquals(expected, Files.readAllBytes(data), name + ": " + table + " differs from " + stored);
        }
    }

    /** The one data file of a day (its name carries the write's random id). */
    private static Path onlyDataFile(Path day) throws IOException {
        try (Stream<Path> files = Files.list(day)) {
            List<Path> data = files.filter(p -> !p.getFileName().toString().startsWith("_")
                    && !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, data.size(), "data files of " + day + ": " + data);
            return data.get(0);
        }
    }

    /** The file's extension after the write id: ".csv", ".csv.gz", ".json", ".json.gz". */
    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.indexOf('.'));
    }

    private static Path recordedDays() {
        return Path.of("src", "test", "resources", "same-bytes");
    }

    private static byte[] read(String stored) {
        try (InputStream in = SameBytesTest.class.getResourceAsStream("/same-bytes/" + stored)) {
            assertTrue(in != null, "no recorded day " + stored + " (record it on f04c4a9's tree)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
