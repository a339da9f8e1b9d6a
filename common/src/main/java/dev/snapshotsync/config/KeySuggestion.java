package dev.snapshotsync.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The known key an unknown one was probably meant to be: the closest by edit distance (Levenshtein,
 * case-insensitive), when it is close enough to be a typo rather than another word.
 */
final class KeySuggestion {
    private KeySuggestion() {}

    static Optional<String> closest(String unknown, Collection<String> known) {
        int allowed = Math.max(1, Math.min(3, unknown.length() / 3));
        return known.stream()
                .filter(candidate -> distance(unknown.toLowerCase(), candidate.toLowerCase()) <= allowed)
                .min(Comparator.comparingInt((String candidate) -> distance(unknown.toLowerCase(),
                        candidate.toLowerCase())).thenComparing(Comparator.naturalOrder()));
    }

    /** Insertions, deletions and substitutions needed to turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
