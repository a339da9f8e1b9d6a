package dev.snapshotsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;

/** Reads and checks sanitize profiles ({@code snapshot-sync.sanitize}) and each table's contract. */
final class ShapeReader {
    static final String PROFILES = SettingsLoader.ROOT + ".sanitize.profiles";
    private static final String PROFILE_DEFAULTS = SettingsLoader.ROOT + ".sanitize.profile-defaults";
    private static final Set<String> COLUMN_KEYS = Set.of("name", "output", "cast", "action", "sanitize", "type");

    private ShapeReader() {}

    static Map<String, SanitizeProfile> profiles(ConfigReader reader) {
        Map<String, SanitizeProfile> profiles = new LinkedHashMap<>();
        Config config = reader.config();
        Set<String> allowed = new java.util.TreeSet<>(config.getObject(PROFILE_DEFAULTS).keySet());
        allowed.add("rules");
        for (Map.Entry<String, ConfigValue> entry : config.getObject(PROFILES).entrySet()) {
            String base = ConfigUtil.joinPath(SettingsLoader.ROOT, "sanitize", "profiles", entry.getKey());
            if (!(entry.getValue() instanceof ConfigObject object)) {
                reader.invalid(base, "an object such as { rules = [strip-control, newlines] }");
                continue;
            }
            object.keySet().stream().filter(key -> !allowed.contains(key)).forEach(key -> reader.problem(base + "."
                    + key, "unknown key '" + key + "' in sanitize profile '" + entry.getKey() + "'. Allowed in a "
                    + "profile: " + String.join(", ", allowed) + "."));
            SanitizeProfile profile = profile(reader, entry.getKey(), base);
            if (profile != null) {
                profiles.put(entry.getKey(), profile);
            }
        }
        return profiles;
    }

    private static SanitizeProfile profile(ConfigReader reader, String name, String base) {
        Config config = reader.config();
        List<SanitizeRule> rules = new ArrayList<>();
        List<String> names = reader.stringList(base + ".rules");
        if (names == null) {
            return null;
        }
        for (String rule : names) {
            SanitizeRule known = SanitizeRule.BY_NAME.get(rule);
            if (known == null || rules.contains(known)) {
                reader.problem(base + ".rules", (known == null ? "unknown" : "repeated") + " rule '" + rule + "' for '"
                        + base + ".rules'. Allowed: each once of " + String.join(", ", ruleNames()) + ".");
            } else {
                rules.add(known);
            }
        }
        String newline = reader.optionalString(own(config, base, "newline-replacement"));
        String nonAscii = reader.optionalString(own(config, base, "non-ascii-replacement"));
        Integer maxLength = reader.intBetween(own(config, base, "max-length"), 0, Integer.MAX_VALUE);
        Map<String, String> replacements = replacements(reader, own(config, base, "replace"));
        if (maxLength == null || replacements == null) {
            return null;
        }
        return new SanitizeProfile(name, rules, newline, nonAscii, replacements, maxLength);
    }

    private static Map<String, String> replacements(ConfigReader reader, String path) {
        Map<String, String> replacements = new LinkedHashMap<>();
        String allowed = "a list of { from = \"…\", to = \"...\" } with a non-empty from";
        if (reader.config().getValue(path).valueType() != ConfigValueType.LIST) {
            reader.invalid(path, allowed);
            return null;
        }
        for (ConfigValue item : reader.config().getList(path)) {
            if (item instanceof ConfigObject pair && pair.keySet().equals(Set.of("from", "to"))
                    && pair.get("from").unwrapped() instanceof String from && !from.isEmpty()
                    && pair.get("to").unwrapped() instanceof String to) {
                replacements.put(from, to);
            } else {
                reader.invalid(path, allowed);
                return null;
            }
        }
        return replacements;
    }

    static TableContract contract(ConfigReader reader, String base, Map<String, SanitizeProfile> profiles) {
        Config config = reader.config();
        DriftPolicy drift = reader.choice(SettingsLoader.entryPath(config, base, "drift"), DriftPolicy.BY_NAME);
        SanitizeProfile sanitize = reader.choice(SettingsLoader.entryPath(config, base, "sanitize"), profiles);
        Secret salt = reader.secret(SettingsLoader.entryPath(config, base, "hash-salt"));
        List<ColumnContract> columns = new ArrayList<>();
        boolean columnsValid = columns(reader, SettingsLoader.entryPath(config, base, "columns"), profiles, columns);
        if (salt.isEmpty() && columns.stream().anyMatch(c -> c.action() == ColumnAction.HASH)) {
            reader.problem(base + ".hash-salt", "missing value for '" + base + ".hash-salt', required by action = "
                    + "hash. Set a long random salt (hash-salt = ${?EXPORT_HASH_SALT}), so partners cannot reverse "
                    + "hashes of guessable values.");
        }
        if (drift == null || sanitize == null || !columnsValid) {
            return null;
        }
        return new TableContract(columns, drift, sanitize, salt);
    }

    /** Adds the valid columns to {@code columns}; false when any item was invalid. */
    private static boolean columns(ConfigReader reader, String path, Map<String, SanitizeProfile> profiles,
                                   List<ColumnContract> columns) {
        String allowed = "a list of column names or objects such as { name = email, action = hash }";
        if (reader.config().getValue(path).valueType() != ConfigValueType.LIST) {
            reader.invalid(path, allowed);
            return false;
        }
        boolean valid = true;
        for (ConfigValue item : reader.config().getList(path)) {
            ColumnContract column = item.unwrapped() instanceof String name && !name.isEmpty()
                    ? ColumnContract.of(name)
                    : item instanceof ConfigObject object ? column(reader, path, object.toConfig(), profiles) : null;
            if (column == null) {
                if (!(item instanceof ConfigObject)) {
                    reader.invalid(path, allowed);
                }
                valid = false;
            } else {
                columns.add(column);
            }
        }
        return valid;
    }

    private static ColumnContract column(ConfigReader reader, String path, Config item,
                                         Map<String, SanitizeProfile> profiles) {
        String name = item.hasPath("name") ? item.getString("name") : "";
        String where = "column '" + name + "' in '" + path + "'";
        List<String> problems = new ArrayList<>();
        item.root().keySet().stream().filter(key -> !COLUMN_KEYS.contains(key)).forEach(key -> problems.add(
                "unknown key '" + key + "' for " + where + ". Allowed in a column: "
                        + String.join(", ", new java.util.TreeSet<>(COLUMN_KEYS)) + "."));
        if (name.isEmpty()) {
            problems.add("missing value for 'name' of a column in '" + path + "'. Give the source column's name.");
        }
        String output = item.hasPath("output") ? item.getString("output") : name;
        if (output.isEmpty()) {
            problems.add("invalid value '' for 'output' of " + where + ". Allowed: a non-empty name.");
        }
        Optional<String> cast = optional(item, "cast");
        if (cast.isPresent() && !parsesAsSparkType(cast.get())) {
            problems.add("invalid value '" + cast.get() + "' for 'cast' of " + where + ". Allowed: a Spark SQL type "
                    + "such as string, bigint, decimal(20,4), date, timestamp.");
        }
        ColumnAction action = ColumnAction.BY_NAME.get(optional(item, "action").orElse("keep"));
        if (action == null) {
            problems.add("invalid value '" + item.getString("action") + "' for 'action' of " + where + ". Allowed: "
                    + ColumnAction.BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", ")) + ".");
        }
        Optional<String> profileName = optional(item, "sanitize");
        if (profileName.isPresent() && !profiles.containsKey(profileName.get())) {
            problems.add("invalid value '" + profileName.get() + "' for 'sanitize' of " + where + ". Allowed: "
                    + String.join(", ", profiles.keySet()) + ".");
        }
        problems.forEach(problem -> reader.problem(path, problem));
        if (!problems.isEmpty()) {
            return null;
        }
        return new ColumnContract(name, output, cast, action, profileName.map(profiles::get), optional(item, "type"));
    }

    private static Optional<String> optional(Config item, String key) {
        return item.hasPath(key) ? Optional.of(item.getString(key)) : Optional.empty();
    }

    private static boolean parsesAsSparkType(String ddl) {
        try {
            DataType.fromDDL(ddl);
            return true;
        } catch (Exception e) { // Spark's ParseException is checked in Java's terms, though Scala throws it freely
            return false;
        }
    }

    /** A profile's own value, else the one under profile-defaults. */
    private static String own(Config config, String base, String key) {
        String path = base + "." + key;
        return config.hasPathOrNull(path) ? path : PROFILE_DEFAULTS + "." + key;
    }

    private static List<String> ruleNames() {
        return java.util.Arrays.stream(SanitizeRule.values()).map(SanitizeRule::configName).toList();
    }
}
