package dev.snapshotsync.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a custom {@code query} is exactly one SELECT ({@code SELECT}, {@code WITH ... SELECT},
 * {@code VALUES} or {@code TABLE}) before any of it reaches the server. This matters because pgjdbc
 * splits statement text on every {@code ;} outside quotes and runs each piece, so text such as
 * {@code SELECT 1; DELETE FROM t} would run a second statement; and a data-modifying CTE
 * ({@code WITH d AS (DELETE ...) SELECT ...}) is one statement that writes. The read-only
 * transaction refuses both as well; this check makes them a configuration error that names the
 * key instead of a database error mid-run.
 *
 * <p>The scan knows PostgreSQL's lexical rules for what may hide a {@code ;} or a keyword: quoted
 * identifiers, string literals (standard, {@code E'...'} with backslash escapes, dollar-quoted
 * {@code $tag$...$tag$}), line comments and nested block comments.
 */
final class ReadOnlyQuery {
    private static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> WRITING_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private final String text;
    private int at;
    private String firstWord = "";

    private ReadOnlyQuery(String text) {
        this.text = text;
    }

    /** Why the query is not a single read-only SELECT; empty when it is. */
    static Optional<String> problem(String query) {
        return new ReadOnlyQuery(query).scan();
    }

    private Optional<String> scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            Optional<String> problem;
            if (c == '-' && next() == '-') {
                int end = text.indexOf('\n', at);
                at = end < 0 ? text.length() : end + 1;
                continue;
            } else if (c == '/' && next() == '*') {
                problem = blockComment();
            } else if (c == '\'') {
                problem = quoted('\'', isEscapeStringPrefix());
            } else if (c == '"') {
                problem = quoted('"', false);
            } else if (c == '$' && !followsWordCharacter()) {
                problem = dollarQuoted();
            } else if (c == ';') {
                return Optional.of("it holds more than one statement (a ';' outside quotes and comments)");
            } else if (isWordCharacter(c)) {
                problem = word();
            } else {
                at++;
                continue;
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (firstWord.isEmpty()) {
            return Optional.of("it holds no statement");
        }
        return Optional.empty();
    }

    private Optional<String> word() {
        int start = at;
        while (at < text.length() && (isWordCharacter(text.charAt(at)) || text.charAt(at) == '$')) {
            at++;
        }
        String word = text.substring(start, at).toUpperCase(Locale.ROOT);
        if (firstWord.isEmpty()) {
            firstWord = word;
            if (!FIRST_WORDS.contains(word)) {
                return Optional.of("it starts with " + word + ", not SELECT, WITH, VALUES or TABLE");
            }
        }
        if (WRITING_WORDS.contains(word)) {
            return Optional.of("it contains " + word + " (a data-modifying statement, or FOR UPDATE; write \""
                    + word.toLowerCase(Locale.ROOT) + "\" in double quotes if it is a column name)");
        }
        return Optional.empty();
    }

    private Optional<String> blockComment() {
        int depth = 0;
        while (at < text.length()) {
            if (text.startsWith("/*", at)) {
                depth++;
                at += 2;
            } else if (text.startsWith("*/", at)) {
                depth--;
                at += 2;
                if (depth == 0) {
                    return Optional.empty();
                }
            } else {
                at++;
            }
        }
        return Optional.of("a /* comment is not closed");
    }

    /** A string literal or quoted identifier; a doubled quote stands for itself. */
    private Optional<String> quoted(char quote, boolean backslashEscapes) {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (backslashEscapes && c == '\\') {
                at += 2;
            } else if (c == quote && next() == quote) {
                at += 2;
            } else if (c == quote) {
                at++;
                return Optional.empty();
            } else {
                at++;
            }
        }
        return Optional.of("a " + quote + " quote is not closed");
    }

    private Optional<String> dollarQuoted() {
        int end = at + 1;
        while (end < text.length() && isWordCharacter(text.charAt(end)) && !Character.isDigit(text.charAt(at + 1))) {
            end++;
        }
        if (end >= text.length() || text.charAt(end) != '$') {
            at++; // a positional parameter such as $1, or a lone $
            return Optional.empty();
        }
        String tag = text.substring(at, end + 1);
        int close = text.indexOf(tag, end + 1);
        if (close < 0) {
            return Optional.of("a dollar-quoted string " + tag + " is not closed");
        }
        at = close + tag.length();
        return Optional.empty();
    }

    /** {@code E'...'} (or {@code e'...'}) where the E is not the end of a longer word. */
    private boolean isEscapeStringPrefix() {
        if (at == 0 || Character.toUpperCase(text.charAt(at - 1)) != 'E') {
            return false;
        }
        return at == 1 || !isWordCharacter(text.charAt(at - 2)) && text.charAt(at - 2) != '$';
    }

    private boolean followsWordCharacter() {
        return at > 0 && (isWordCharacter(text.charAt(at - 1)) || text.charAt(at - 1) == '$');
    }

    private char next() {
        return at + 1 < text.length() ? text.charAt(at + 1) : '\0';
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }
}
