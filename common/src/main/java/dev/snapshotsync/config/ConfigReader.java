package dev.snapshotsync.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed reads that never throw: each bad value becomes one problem line of the form
 * {@code <origin>: <problem> '<value>' for '<path>'. <allowed>.} and the read returns null, so a
 * whole file is checked in one pass. Getters carry no defaults: those live in reference.conf.
 */
final class ConfigReader {
    private static final Pattern DESCRIPTION_LINE = Pattern.compile(":\\s*\\d+$");

    private final Config config;
    private final List<Problem> problems = new ArrayList<>();

    ConfigReader(Config config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * Every problem once, in file order: by line within each file (files in the order their first
     * problem was found, --set last among them), then the problems that have no place in a file
     * (a missing value), in the order they were found.
     */
    List<String> problems() {
        List<String> files = problems.stream().map(Problem::file).filter(f -> !f.isEmpty()).distinct()
                .sorted(Comparator.comparing(f -> f.equals("--set"))).toList();
        return problems.stream()
                .sorted(Comparator.<Problem>comparingInt(p -> p.file().isEmpty() ? files.size() : files.indexOf(p.file()))
                        .thenComparingInt(Problem::line))
                .map(Problem::text).distinct().toList();
    }

    /** One problem and where its value was set; a stable sort keeps the reading order of equal places. */
    private record Problem(String file, int line, String text) {}

    Config config() {
        return config;
    }

    /** A required, non-blank string. */
    String string(String path) {
        if (!config.hasPath(path)) {
            missing(path);
            return null;
        }
        String value = read(path, config::getString, "a string");
        if (value != null && value.isBlank()) {
            missing(path);
            return null;
        }
        return value;
    }

    /** A string that may be empty; null (missing) reads as empty. */
    String optionalString(String path) {
        if (!config.hasPath(path)) {
            return "";
        }
        String value = read(path, config::getString, "a string");
        return value == null ? "" : value;
    }

    Secret secret(String path) {
        if (!config.hasPath(path)) {
            return Secret.of("");
        }
        try {
            return Secret.of(config.getString(path));
        } catch (ConfigException.WrongType e) {
            // Never echo the value of a secret, not even a mistyped one.
            problem(path, "wrong type for '" + path + "'. Expected a string.");
            return Secret.of("");
        }
    }

    List<String> stringList(String path) {
        return read(path, config::getStringList, "a list of strings");
    }

    /** True when the user's file or --set gives the key a value (not null, not reference.conf's default). */
    boolean isSet(String path) {
        return config.hasPath(path) && !"reference.conf".equals(config.getValue(path).origin().resource());
    }

    Boolean bool(String path) {
        return read(path, config::getBoolean, "true or false");
    }

    Integer intBetween(String path, int min, int max) {
        Integer value = read(path, config::getInt, "a whole number from " + min + " to " + max);
        if (value != null && (value < min || value > max)) {
            invalid(path, "a whole number from " + min + " to " + max);
            return null;
        }
        return value;
    }

    Duration positiveDuration(String path) {
        Duration value = read(path, config::getDuration, "a duration such as 30s, 10m or 2h");
        if (value != null && (value.isNegative() || value.isZero())) {
            invalid(path, "a duration above zero, such as 30s, 10m or 2h");
            return null;
        }
        return value;
    }

    Long longBetween(String path, long min, long max) {
        String allowed = max == Long.MAX_VALUE ? "a whole number from " + min : "a whole number from " + min + " to " + max;
        Long value = read(path, config::getLong, allowed);
        if (value != null && (value < min || value > max)) {
            invalid(path, allowed);
            return null;
        }
        return value;
    }

    /**
     * A list of distinct, non-blank names (column names, for example); may be empty. A string is
     * read as names separated by commas, so {@code --set key=a,b} (which can only give strings) works.
     */
    List<String> distinctNames(String path) {
        String allowed = "a list of distinct, non-blank column names, such as [id] or [order_id, line]";
        List<String> value = config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.STRING
                ? Arrays.stream(config.getString(path).split(",", -1)).map(String::trim).toList()
                : read(path, config::getStringList, allowed);
        if (value != null && (value.stream().anyMatch(String::isBlank) || value.stream().distinct().count() < value.size())) {
            invalid(path, allowed);
            return null;
        }
        return value;
    }

    /** A size in bytes, written with a unit (128M, 1G) as Typesafe Config reads them. */
    Long bytesBetween(String path, long min, long max) {
        String allowed = "a size from " + (min >> 20) + "M to " + (max >> 30) + "G, such as 128M";
        Long value = read(path, config::getBytes, allowed);
        if (value != null && (value < min || value > max)) {
            invalid(path, allowed);
            return null;
        }
        return value;
    }

    Duration nonNegativeDuration(String path) {
        Duration value = read(path, config::getDuration, "a duration such as 0s, 30s or 10m");
        if (value != null && value.isNegative()) {
            invalid(path, "a duration of zero or more, such as 0s, 30s or 10m");
            return null;
        }
        return value;
    }

    /** One of a fixed set of spellings, mapped through an explicit table. */
    <T> T choice(String path, Map<String, T> allowed) {
        if (!config.hasPath(path)) {
            missing(path);
            return null;
        }
        String value = read(path, config::getString, "a string");
        if (value == null) {
            return null;
        }
        T chosen = allowed.get(value);
        if (chosen == null) {
            invalid(path, allowed.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return chosen;
    }

    void invalid(String path, String allowed) {
        problem(path, "invalid value " + render(path) + " for '" + path + "'. Allowed: " + allowed + ".");
    }

    void problem(String path, String message) {
        ConfigOrigin origin = origin(path);
        problems.add(origin == null ? new Problem("", 0, message)
                : new Problem(fileOf(origin), Math.max(0, origin.lineNumber()), originOf(origin) + message));
    }

    void missing(String path) {
        problems.add(new Problem("", 0, "missing value for '" + path + "'. Set it in the configuration file or with "
                + "--set " + shortKey(path) + "=..."));
    }

    private <T> T read(String path, java.util.function.Function<String, T> getter, String expected) {
        try {
            return getter.apply(path);
        } catch (ConfigException.Missing e) {
            missing(path);
        } catch (ConfigException e) {
            invalid(path, expected);
        }
        return null;
    }

    private ConfigOrigin origin(String path) {
        try {
            return config.hasPathOrNull(path) ? config.getValue(path).origin() : null;
        } catch (ConfigException e) {
            return null;
        }
    }

    /** The file (or --set, or resource) a value came from, without its line. */
    private static String fileOf(ConfigOrigin origin) {
        if (origin.filename() != null) {
            return origin.filename();
        }
        return DESCRIPTION_LINE.matcher(origin.description()).replaceFirst("");
    }

    static String originOf(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        if (origin.filename() != null) {
            return origin.filename() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "") + ": ";
        }
        return origin.description() + ": ";
    }

    String render(String path) {
        if (!config.hasPathOrNull(path)) {
            return "''";
        }
        ConfigValue value = config.getValue(path);
        Object unwrapped = value.unwrapped();
        String text = value.valueType() == ConfigValueType.STRING
                ? String.valueOf(unwrapped)
                : value.render(ConfigRenderOptions.concise());
        return "'" + text + "'";
    }

    static String shortKey(String path) {
        return path.startsWith(SettingsLoader.ROOT + ".") ? path.substring(SettingsLoader.ROOT.length() + 1) : path;
    }
}
