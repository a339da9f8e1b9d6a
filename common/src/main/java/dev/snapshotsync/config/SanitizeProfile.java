package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named, ordered list of sanitize rules and their parameters. The built-in profiles ({@code none},
 * {@code csv-safe}, {@code ascii-strict}) are defined in reference.conf like custom ones, so every
 * profile is visible in one place. {@code maxLength} 0 means no limit.
 */
public record SanitizeProfile(String name, List<SanitizeRule> rules, String newlineReplacement,
                              String nonAsciiReplacement, Map<String, String> replacements, int maxLength) {
    /** The profile that changes nothing; the fallback for code paths without configuration. */
    public static final SanitizeProfile NONE = new SanitizeProfile("none", List.of(), " ", "?", Map.of(), 0);

    public SanitizeProfile {
        requireNonNull(name, "name is null");
        rules = List.copyOf(rules);
        requireNonNull(newlineReplacement, "newlineReplacement is null");
        requireNonNull(nonAsciiReplacement, "nonAsciiReplacement is null");
        // Insertion order matters: replacements run in the order the configuration lists them.
        replacements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(replacements,
                "replacements is null")));
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength is negative");
        }
    }

    public boolean changesNothing() {
        return rules.isEmpty();
    }
}
