package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import dev.snapshotsync.config.SanitizeProfile;
import dev.snapshotsync.config.SanitizeRule;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * What each configured {@link SanitizeRule} does, as a Spark built-in expression over a string
 * column (Java regular expressions through {@code regexp_replace}; no UDF). Configuration knows
 * only the rules' names; this is the one place that gives them meaning.
 */
enum SanitizeExpression {
    /** C0 and C1 control characters except tab, LF and CR (those have their own rules). */
    STRIP_CONTROL(SanitizeRule.STRIP_CONTROL, Chars.CONTROL, "[" + Chars.CONTROL + "]", profile -> ""),
    /** CRLF, CR, LF and the Unicode line and paragraph separators, each to the profile's newline-replacement. */
    NEWLINES(SanitizeRule.NEWLINES, Chars.LINE_BREAK, "\\r\\n|[" + Chars.LINE_BREAK + "]",
            SanitizeProfile::newlineReplacement),
    /** Zero-width space, non-joiner, joiner, word joiner and the byte order mark (U+FEFF). */
    ZERO_WIDTH(SanitizeRule.ZERO_WIDTH, Chars.ZERO_WIDTH, "[" + Chars.ZERO_WIDTH + "]", profile -> ""),
    /** Bidirectional embeddings, overrides, isolates and marks (the "Trojan Source" characters). */
    BIDI_CONTROLS(SanitizeRule.BIDI_CONTROLS, Chars.BIDI, "[" + Chars.BIDI + "]", profile -> ""),
    /** Unicode canonical composition (NFC). */
    NFC(SanitizeRule.NFC, null, null, null) {
        @Override
        Column apply(Column value, SanitizeProfile profile) {
            return normalize(value, "nfc");
        }
    },
    /** Unicode compatibility composition (NFKC): also folds ligatures, full-width forms, NBSP. */
    NFKC(SanitizeRule.NFKC, null, null, null) {
        @Override
        Column apply(Column value, SanitizeProfile profile) {
            return normalize(value, "nfkc");
        }
    },
    /**
     * To ASCII: compatibility decomposition, combining marks dropped, letters that do not decompose
     * (ß, æ, ø, ł, ...) and typographic punctuation spelled out, anything left to non-ascii-replacement.
     */
    TRANSLITERATE(SanitizeRule.TRANSLITERATE, null, null, null) {
        @Override
        Column apply(Column value, SanitizeProfile profile) {
            Column ascii = regexp_replace(normalize(value, "nfkd"), "\\p{M}+", "");
            ascii = functions.translate(ascii, SINGLE_FROM, SINGLE_TO);
            for (Map.Entry<String, String> letter : LETTERS.entrySet()) {
                ascii = regexp_replace(ascii, letter.getKey(), quote(letter.getValue()));
            }
            return regexp_replace(ascii, "[^\\x00-\\x7F]", quote(profile.nonAsciiReplacement()));
        }
    },
    /** The profile's replace map, each literal in configuration order. */
    REPLACE(SanitizeRule.REPLACE, null, null, null) {
        @Override
        Column apply(Column value, SanitizeProfile profile) {
            Column replaced = value;
            for (Map.Entry<String, String> entry : profile.replacements().entrySet()) {
                replaced = regexp_replace(replaced, Pattern.quote(entry.getKey()), quote(entry.getValue()));
            }
            return replaced;
        }
    },
    /** Leading and trailing whitespace, Unicode spaces (NBSP, ...) included. */
    TRIM(SanitizeRule.TRIM, Chars.SPACE, "^[" + Chars.SPACE + "]+|[" + Chars.SPACE + "]+$", profile -> ""),
    /** Every run of whitespace (tabs, line breaks, Unicode spaces) to one space. */
    COLLAPSE_WHITESPACE(SanitizeRule.COLLAPSE_WHITESPACE, Chars.SPACE, "[" + Chars.SPACE + "]+", profile -> " "),
    /** At most max-length characters (code points); longer values are cut. */
    MAX_LENGTH(SanitizeRule.MAX_LENGTH, null, null, null) {
        @Override
        Column apply(Column value, SanitizeProfile profile) {
            return profile.maxLength() == 0 ? value : functions.substring(value, 1, profile.maxLength());
        }
    };

    private static final Map<SanitizeRule, SanitizeExpression> BY_RULE = byRule();

    /** Letters and punctuation that NFKD leaves non-ASCII and that have a one-character ASCII spelling. */
    private static final String SINGLE_FROM = "øØłŁđðĐÐı‘’‚‛′“”„‟″‐‑‒–—―−•·";
    private static final String SINGLE_TO = "oOlLddDDi'''''\"\"\"\"\"-------**";
    /** Letters that NFKD leaves non-ASCII and that are spelled with two ASCII letters. */
    private static final Map<String, String> LETTERS = letters();

    private final SanitizeRule rule;
    /** See {@link #trigger()}; each pattern rule's pattern is built from it. */
    private final String trigger;
    /** For the rules that are one regexp_replace: the Java pattern and the profile's replacement text. */
    private final String pattern;
    private final Function<SanitizeProfile, String> replacement;

    SanitizeExpression(SanitizeRule rule, String trigger, String pattern,
                       Function<SanitizeProfile, String> replacement) {
        this.rule = rule;
        this.trigger = trigger;
        this.pattern = pattern;
        this.replacement = replacement;
    }

    SanitizeRule rule() {
        return rule;
    }

    /** The expression of a configured rule. */
    static SanitizeExpression of(SanitizeRule rule) {
        return BY_RULE.get(rule);
    }

    /**
     * The characters (a regex character class body) at least one of which is in every value this
     * rule changes; null for the rules that are not one pattern. A value with none of them passes
     * the rule unchanged, which lets the shape step skip the rules for clean values.
     */
    String trigger() {
        return trigger;
    }

    /** The rule applied to a string column; NULL stays NULL. */
    Column apply(Column value, SanitizeProfile profile) {
        return regexp_replace(value, pattern, quote(replacement.apply(profile)));
    }

    private static Column normalize(Column value, String form) {
        return when(value.isNull(), lit(null).cast("string"))
                .otherwise(functions.call_function("reflect", lit(UnicodeText.class.getName()), lit(form), value));
    }

    private static String quote(String replacement) {
        return Matcher.quoteReplacement(replacement);
    }

    private static Map<SanitizeRule, SanitizeExpression> byRule() {
        Map<SanitizeRule, SanitizeExpression> rules = new EnumMap<>(SanitizeRule.class);
        for (SanitizeExpression expression : values()) {
            rules.put(expression.rule, expression);
        }
        // A rule configuration accepts but nothing applies would pass values through unchanged.
        if (rules.size() != SanitizeRule.values().length) {
            throw new IllegalStateException("a sanitize rule has no expression: " + rules.keySet());
        }
        return rules;
    }

    private static Map<String, String> letters() {
        Map<String, String> letters = new LinkedHashMap<>();
        letters.put("ß", "ss");
        letters.put("æ", "ae");
        letters.put("Æ", "AE");
        letters.put("œ", "oe");
        letters.put("Œ", "OE");
        letters.put("þ", "th");
        letters.put("Þ", "Th");
        return letters;
    }

    /** The character classes (bodies) of the pattern rules: each rule's pattern and trigger. */
    private static final class Chars {
        /** C0 and C1 controls except tab, LF and CR. */
        static final String CONTROL = "\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F";
        static final String LINE_BREAK = "\\r\\n\\u2028\\u2029";
        static final String ZERO_WIDTH = "\\u200B\\u200C\\u200D\\u2060\\uFEFF";
        static final String BIDI = "\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C";
        /** Whitespace, Unicode spaces (NBSP, ...) included. */
        static final String SPACE = "\\s\\p{Z}";

        private Chars() {}
    }
}
