package dev.snapshotsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts and sanitize profiles in the configuration: defaults pinned, every mistake reported. */
class ShapeSettingsTest {
    @TempDir
    Path dir;

    private String minimal(String tables, String extra) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        return """
                snapshot-sync {
                  source { host = db.example.com, database = shop, user = reader, password = pw, ssl.root-cert = "%s" }
                  target { uri = "s3://bucket/exports", encryption.kms-key-id = "alias/exports" }
                  tables { %s }
                }
                %s
                """.formatted(ca, tables, extra);
    }

    private static Settings load(String text) {
        return SettingsLoader.load(SettingsLoader.parseText(text, "test.conf"), SettingsLoader.parseOverrides(List.of()));
    }

    @Test
    void defaultsArePinned() throws IOException {
        TableContract contract = load(minimal("orders {}", "")).tables().get(0).contract();

        assertEquals(TableContract.ALL_COLUMNS, contract);
        assertEquals(DriftPolicy.FAIL, contract.drift());
        assertEquals(SanitizeProfile.NONE, contract.sanitize());
    }

    @Test
    void builtInAndCustomProfilesAreChosenPerTableAndColumn() throws IOException {
        Settings settings = load(minimal("""
                orders { sanitize = csv-safe, hash-salt = s4lt, drift = add,
                         columns = [id, { name = note, output = Note, sanitize = partner, cast = "varchar(10)" },
                                    { name = email, action = hash }] }
                """, """
                snapshot-sync.sanitize.profiles.partner {
                  rules = [nfc, replace, max-length]
                  replace = [{ from = "€", to = "EUR" }]
                  max-length = 100
                }
                """));

        TableContract contract = settings.tables().get(0).contract();
        assertEquals(List.of(SanitizeRule.STRIP_CONTROL, SanitizeRule.NEWLINES, SanitizeRule.ZERO_WIDTH,
                SanitizeRule.BIDI_CONTROLS), contract.sanitize().rules());
        assertEquals(DriftPolicy.ADD, contract.drift());
        assertEquals(ColumnContract.of("id"), contract.columns().get(0));
        SanitizeProfile partner = new SanitizeProfile("partner", List.of(SanitizeRule.NFC, SanitizeRule.REPLACE,
                SanitizeRule.MAX_LENGTH), " ", "?", Map.of("€", "EUR"), 100);
        assertEquals(new ColumnContract("note", "Note", Optional.of("varchar(10)"), ColumnAction.KEEP,
                Optional.of(partner), Optional.empty()), contract.columns().get(1));
        assertEquals(ColumnAction.HASH, contract.columns().get(2).action());
        assertEquals("****", contract.hashSalt().toString());
    }

    @Test
    void everyContractAndProfileMistakeIsReportedAtOnce() throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(minimal("""
                orders { sanitize = csv-unsafe, drift = maybe,
                         columns = [{ name = a, action = scramble }, { name = b, cast = "decimal(x)" },
                                    { name = c, action = hash }, { name = d, colour = red }] }
                """, """
                snapshot-sync.sanitize.profiles.broken { rules = [strip-control, shout], trim = yes }
                """)));

        String message = e.getMessage();
        assertTrue(message.contains("8 problems"), message);
        assertTrue(message.contains("unknown key 'trim' in sanitize profile 'broken'. Allowed in a profile: max-length, "
                + "newline-replacement, non-ascii-replacement, replace, rules."), message);
        assertTrue(message.contains("unknown rule 'shout' for 'snapshot-sync.sanitize.profiles.broken.rules'. Allowed: "
                + "each once of strip-control, newlines, zero-width, bidi-controls, nfc, nfkc, transliterate, replace, "
                + "trim, collapse-whitespace, max-length."), message);
        assertTrue(message.contains("invalid value 'maybe' for 'snapshot-sync.tables.orders.drift'. Allowed: add, "
                + "fail, ignore."), message);
        assertTrue(message.contains("invalid value 'csv-unsafe' for 'snapshot-sync.tables.orders.sanitize'. Allowed: "),
                message);
        assertTrue(message.contains("invalid value 'scramble' for 'action' of column 'a' in "
                + "'snapshot-sync.tables.orders.columns'. Allowed: exclude, hash, keep, mask, nullify."), message);
        assertTrue(message.contains("invalid value 'decimal(x)' for 'cast' of column 'b'"), message);
        assertTrue(message.contains("unknown key 'colour' for column 'd'"), message);
        assertTrue(message.contains("missing value for 'snapshot-sync.tables.orders.hash-salt', required by action = "
                + "hash."), message);
    }
}
