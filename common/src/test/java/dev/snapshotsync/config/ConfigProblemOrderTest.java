package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ConfigurationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Problems come out in the order of the file's lines, --set after the file, each once; "did you mean" for typos. */
class ConfigProblemOrderTest {
    @Test
    void problemsAreInLineOrderThenSetThenMissingValues() {
        String text = """
                snapshot-sync {
                  tables { orders { partition.count = many } }
                  target { uri = "s3://bucket/x", format = parket, encryption.kms-key-id = k }
                  source { port = fifty, database = shop, user = u, password = p, ssl.root-cert = "/nonexistent.pem" }
                }
                """;
        ConfigurationException failure = assertThrows(ConfigurationException.class,
                () -> SettingsLoader.load(SettingsLoader.parseText(text, "job.conf"),
                        SettingsLoader.parseOverrides(List.of("target.csv.quote-al=true"))));

        List<String> problems = failure.problems();
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("job.conf: 2: invalid value 'many' for 'snapshot-sync.tables.orders."));
        assertTrue(problems.get(1).startsWith("job.conf: 3: invalid value 'parket' for 'snapshot-sync.target.format'"));
        assertTrue(problems.get(2).startsWith("job.conf: 4: invalid value 'fifty' for 'snapshot-sync.source.port'"));
        assertTrue(problems.get(3).startsWith("job.conf: 4: CA file '/nonexistent.pem'"), problems.get(3));
        assertEquals("--set: unknown key 'snapshot-sync.target.csv.quote-al'. Did you mean "
                + "'snapshot-sync.target.csv.quote-all'? Check its spelling against reference.conf (README, "
                + "\"Configuration\").", problems.get(4));
        assertTrue(problems.get(5).startsWith("missing value for 'snapshot-sync.source.host'"), problems.get(5));
    }

    @Test
    void suggestionsAreCloseKeysOnly() {
        List<String> known = List.of("format", "uri", "encryption", "max-file-size", "delimiter");

        assertEquals("format", KeySuggestion.closest("formt", known).orElseThrow());
        assertEquals("format", KeySuggestion.closest("Format", known).orElseThrow());
        assertEquals("delimiter", KeySuggestion.closest("delimeter", known).orElseThrow());
        assertEquals("max-file-size", KeySuggestion.closest("max-filesize", known).orElseThrow());
        assertEquals(Optional.empty(), KeySuggestion.closest("compression", known));
        assertEquals("uri", KeySuggestion.closest("url", List.of("uri", "host")).orElseThrow());
        assertEquals(3, KeySuggestion.distance("kitten", "sitting"));
    }
}
