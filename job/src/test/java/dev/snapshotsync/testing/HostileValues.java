package dev.snapshotsync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The shared hostile corpus: text values that break naive exporters, each with what the built-in
 * sanitize profiles must make of it and which rules must count it as changed, written out by
 * hand (not computed by the code under test). Also hostile identifiers.
 */
public final class HostileValues {
    /** One corpus value; {@code csvSafe}/{@code asciiStrict} are the expected outputs of those profiles. */
    public record Value(String label, String value, String csvSafe, Set<String> csvSafeRules, String asciiStrict,
                        Set<String> asciiStrictRules) {}

    private static final String BIG_BREAKS = "a,\"\n".repeat(25_000);
    private static final String BIG_PLAIN = "0123456789".repeat(10_240);

    public static final List<Value> TEXT = List.of(
            same("plain", "plain"),
            same("comma and quotes", "comma, and \"quotes\""),
            same("leading quote", "\"leading quote"),
            same("empty", ""),
            same("null", null),
            same("the word NULL", "NULL"),
            new Value("CR", "CR\rhere", "CR here", Set.of("newlines"), "CR here", Set.of("newlines")),
            new Value("LF", "LF\nhere", "LF here", Set.of("newlines"), "LF here", Set.of("newlines")),
            new Value("CRLF", "CRLF\r\nhere", "CRLF here", Set.of("newlines"), "CRLF here", Set.of("newlines")),
            new Value("two LF", "two\n\nbreaks", "two  breaks", Set.of("newlines"), "two breaks",
                    Set.of("newlines", "collapse-whitespace")),
            new Value("line separator", "\u2028line sep", " line sep", Set.of("newlines"), "line sep",
                    Set.of("newlines", "trim")),
            new Value("tab", "tab\there", "tab\there", Set.of(), "tab here", Set.of("collapse-whitespace")),
            new Value("C0 controls", "ctl\u0001\u0007\u001Bend", "ctlend", Set.of("strip-control"), "ctlend",
                    Set.of("strip-control")),
            new Value("DEL and C1", "del\u007F nel\u0085", "del nel", Set.of("strip-control"), "del nel",
                    Set.of("strip-control")),
            new Value("BOM", "\uFEFFbom", "bom", Set.of("zero-width"), "bom", Set.of("zero-width")),
            new Value("zero-width", "zero\u200Bwidth\u200Djoin", "zerowidthjoin", Set.of("zero-width"),
                    "zerowidthjoin", Set.of("zero-width")),
            new Value("RTL override", "rtl \u202Eevil\u202C text", "rtl evil text", Set.of("bidi-controls"),
                    "rtl evil text", Set.of("bidi-controls")),
            new Value("NBSP", "nbsp\u00A0here", "nbsp\u00A0here", Set.of(), "nbsp here", Set.of("transliterate")),
            new Value("emoji", "emoji 😀👍🏽", "emoji 😀👍🏽", Set.of(), "emoji ???", Set.of("transliterate")),
            new Value("combining accent", "e\u0301 combining", "e\u0301 combining", Set.of(), "e combining",
                    Set.of("transliterate")),
            new Value("accented letters", "Zoë Ångström", "Zoë Ångström", Set.of(), "Zoe Angstrom",
                    Set.of("transliterate")),
            new Value("letters without decomposition", "Straße Łódź Ærø", "Straße Łódź Ærø", Set.of(),
                    "Strasse Lodz AEro", Set.of("transliterate")),
            new Value("CJK", "日本語", "日本語", Set.of(), "???", Set.of("transliterate")),
            new Value("typography", "ﬁne “quoted” – dash…", "ﬁne “quoted” – dash…", Set.of(),
                    "fine \"quoted\" - dash...", Set.of("transliterate")),
            new Value("padded", "   padded   ", "   padded   ", Set.of(), "padded",
                    Set.of("collapse-whitespace", "trim")),
            new Value("100 KB of commas, quotes and LF", BIG_BREAKS, "a,\" ".repeat(25_000), Set.of("newlines"),
                    "a,\" ".repeat(25_000).strip(), Set.of("newlines", "trim")),
            same("100 KB plain", BIG_PLAIN));

    /** Column and table names that need quoting somewhere: spaces, case, quotes, reserved words, non-ASCII. */
    public static final List<String> IDENTIFIERS = List.of("Mixed Case", "select", "qu\"ote", "with space",
            "naïve ünïcode", "dot.ted", "comma,semi;", "日本", "UPPER");

    private HostileValues() {}

    private static Value same(String label, String value) {
        return new Value(label, value, value, Set.of(), value, Set.of());
    }

    /** Creates {@code corpus (id int PRIMARY KEY, value text)} in {@code db}: each corpus value, ids from 0. */
    public static void createCorpusTable(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE corpus (id int PRIMARY KEY, value text)");
        try (Connection connection = db.admin();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO corpus VALUES (?, ?)")) {
            for (int i = 0; i < TEXT.size(); i++) {
                insert.setInt(1, i);
                insert.setString(2, TEXT.get(i).value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The corpus values in order, NULL included. */
    public static List<String> values() {
        List<String> values = new ArrayList<>();
        TEXT.forEach(v -> values.add(v.value()));
        return Collections.unmodifiableList(values);
    }
}
