package dev.snapshotsync.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The character rules a sanitize profile may list, by the names configuration uses. What each
 * one does to a value is {@code shape}'s ({@code SanitizeExpression}); rules run in the order a
 * profile lists them.
 */
public enum SanitizeRule {
    /** C0 and C1 control characters except tab, LF and CR (those have their own rules). */
    STRIP_CONTROL("strip-control"),
    /** CRLF, CR, LF and the Unicode line and paragraph separators, each to the profile's newline-replacement. */
    NEWLINES("newlines"),
    /** Zero-width space, non-joiner, joiner, word joiner and the byte order mark (U+FEFF). */
    ZERO_WIDTH("zero-width"),
    /** Bidirectional embeddings, overrides, isolates and marks (the "Trojan Source" characters). */
    BIDI_CONTROLS("bidi-controls"),
    /** Unicode canonical composition (NFC). */
    NFC("nfc"),
    /** Unicode compatibility composition (NFKC): also folds ligatures, full-width forms, NBSP. */
    NFKC("nfkc"),
    /** To ASCII, anything left over to the profile's non-ascii-replacement. */
    TRANSLITERATE("transliterate"),
    /** The profile's replace map, each literal in configuration order. */
    REPLACE("replace"),
    /** Leading and trailing whitespace, Unicode spaces (NBSP, ...) included. */
    TRIM("trim"),
    /** Every run of whitespace (tabs, line breaks, Unicode spaces) to one space. */
    COLLAPSE_WHITESPACE("collapse-whitespace"),
    /** At most max-length characters (code points); longer values are cut. */
    MAX_LENGTH("max-length");

    public static final Map<String, SanitizeRule> BY_NAME = byName();

    private final String configName;

    SanitizeRule(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    private static Map<String, SanitizeRule> byName() {
        Map<String, SanitizeRule> names = new LinkedHashMap<>();
        for (SanitizeRule rule : values()) {
            names.put(rule.configName, rule);
        }
        return Map.copyOf(names);
    }
}
