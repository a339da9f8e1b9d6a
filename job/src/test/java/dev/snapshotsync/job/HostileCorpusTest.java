package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.job.export.ExportJob;
import dev.snapshotsync.job.export.RunSummary;
import dev.snapshotsync.testing.HostileValues;
import dev.snapshotsync.testing.OutputCheck;
import dev.snapshotsync.testing.Outputs;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, acceptance 1 and 2: the hostile corpus under every built-in profile in every format.
 * Values read back equal the source under none and the hand-written expectations under csv-safe
 * and ascii-strict; nothing a profile removes survives; the sanitize counts equal the changes;
 * every file passes the strict Python readers.
 */
class HostileCorpusTest {
    private static final String BUCKET = "test-bucket";
    private static final Pattern CSV_SAFE_REMOVES = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\r\\n\\u2028\\u2029\\u200B-\\u200D\\u2060\\uFEFF"
                    + "\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C]");
    private static final Pattern ASCII_STRICT_FORBIDS = Pattern.compile("[^\\x20-\\x7E]|  |^ | $");
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createCorpus() throws Exception {
        db = TestDatabase.create("hostile_corpus");
        HostileValues.createCorpusTable(db);
    }

    static Stream<Arguments> profilesAndFormats() {
        List<Arguments> cases = new ArrayList<>();
        for (String profile : List.of("none", "csv-safe", "ascii-strict")) {
            for (String format : List.of("csv", "json", "parquet")) {
                cases.add(Arguments.of(profile, format));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("profilesAndFormats")
    void corpusExportsExactlyAsTheProfileSays(String profile, String format) {
        String prefix = "corpus-" + profile + "-" + format;
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix), """
                snapshot-sync.target.format = %s
                snapshot-sync.table-defaults.sanitize = %s
                snapshot-sync.tables { corpus {} }
                """.formatted(format, profile));

        RunSummary summary = new ExportJob(TestSpark.session(), Outputs.settings(config), Clock.systemUTC())
                .run(LocalDate.of(2026, 4, 1), List.of());

        List<Path> files = OutputCheck.download(BUCKET, prefix + "/corpus/snapshot_date=2026-04-01/", dir);
        OutputCheck.run(format, HostileValues.TEXT.size(), List.of("id", "value"),
                Map.of("id", "int32", "value", "string"), files);
        Map<Integer, String> actual = readBack(format, files);
        Map<Integer, String> expected = new LinkedHashMap<>();
        Map<String, Long> expectedCounts = new LinkedHashMap<>();
        for (int i = 0; i < HostileValues.TEXT.size(); i++) {
            HostileValues.Value value = HostileValues.TEXT.get(i);
            expected.put(i, switch (profile) {
                case "csv-safe" -> value.csvSafe();
                case "ascii-strict" -> value.asciiStrict();
                default -> value.value();
            });
            (profile.equals("csv-safe") ? value.csvSafeRules() : profile.equals("ascii-strict")
                    ? value.asciiStrictRules() : List.<String>of())
                    .forEach(rule -> expectedCounts.merge(rule, 1L, Long::sum));
        }
        for (Map.Entry<Integer, String> row : expected.entrySet()) {
            assertEquals(row.getValue(), actual.get(row.getKey()), profile + "/" + format + ": value of '"
                    + HostileValues.TEXT.get(row.getKey()).label() + "'");
        }
        assertEquals(expected.size(), actual.size());
        actual.values().stream().filter(v -> v != null && !profile.equals("none")).forEach(v -> assertFalse(
                CSV_SAFE_REMOVES.matcher(v).find(), profile + " left a character it removes in '" + v + "'"));
        if (profile.equals("ascii-strict")) {
            actual.values().stream().filter(v -> v != null).forEach(v -> assertFalse(
                    ASCII_STRICT_FORBIDS.matcher(v).find(), "not strict ASCII with single inner spaces: '" + v + "'"));
        }
        Map<String, Long> counts = new LinkedHashMap<>(summary.tables().get(0).shape().sanitizeCounts()
                .getOrDefault("value", Map.of()));
        counts.values().removeIf(n -> n == 0L);
        assertEquals(expectedCounts, counts, profile + "/" + format + ": values changed per rule");
    }

    @Test
    void customProfileNormalizesReplacesAndCutsAndCountsEachRule() {
        Path config = TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, "corpus-custom"), """
                snapshot-sync.sanitize.profiles.partner {
                  rules = [nfkc, replace, max-length]
                  replace = [{ from = "quote", to = "QUOTE" }]
                  max-length = 20
                }
                snapshot-sync.tables { corpus { sanitize = partner } }
                """);

        RunSummary summary = new ExportJob(TestSpark.session(), Outputs.settings(config), Clock.systemUTC())
                .run(LocalDate.of(2026, 4, 1), List.of());

        Map<Integer, String> values = readBack("csv", OutputCheck.download(BUCKET,
                "corpus-custom/corpus/snapshot_date=2026-04-01/", dir));
        assertEquals("\u00E9 combining", values.get(label("combining accent")));
        assertEquals("nbsp here", values.get(label("NBSP")));
        assertEquals("fine “QUOTEd” – dash", values.get(label("typography")));
        assertEquals("\"leading QUOTE", values.get(label("leading quote")));
        assertEquals("a,\"\n".repeat(5), values.get(label("100 KB of commas, quotes and LF")));
        assertEquals(Map.of("value", Map.of("nfkc", 3L, "replace", 3L, "max-length", 3L)),
                summary.tables().get(0).shape().sanitizeCounts());
    }

    private static int label(String label) {
        for (int i = 0; i < HostileValues.TEXT.size(); i++) {
            if (HostileValues.TEXT.get(i).label().equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException(label);
    }

    private static Map<Integer, String> readBack(String format, List<Path> files) {
        Outputs.Table table = switch (format) {
            case "csv" -> Outputs.csv(files);
            case "json" -> Outputs.json(files);
            default -> Outputs.parquet(files);
        };
        assertEquals(List.of("id", "value"), table.columns());
        Function<Object, String> text = v -> v instanceof JsonNode node ? (node.isNull() ? null : node.textValue())
                : (String) v;
        Map<Integer, String> values = new LinkedHashMap<>();
        for (List<Object> row : table.rows()) {
            Object id = row.get(0);
            int key = id instanceof JsonNode node ? node.intValue() : id instanceof Integer n ? n
                    : Integer.parseInt((String) id);
            values.put(key, text.apply(row.get(1)));
        }
        return values;
    }
}
