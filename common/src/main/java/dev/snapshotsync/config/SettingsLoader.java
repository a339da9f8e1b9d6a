package dev.snapshotsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.snapshotsync.errors.ConfigurationException;
import dev.snapshotsync.sql.Relation;
import dev.snapshotsync.sql.TableName;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads a HOCON file (plus {@code --set} overrides) over {@code reference.conf} into
 * {@link Settings}, reporting every problem at once.
 */
public final class SettingsLoader {
    public static final String ROOT = "snapshot-sync";
    private static final String TABLES = ROOT + ".tables";
    private static final String TABLE_DEFAULTS = ROOT + ".table-defaults";
    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern URI_SCHEME = Pattern.compile("(s3a|s3|file)://.+");

    private SettingsLoader() {}

    /** Parses a local file; {@code include} works relative to it. */
    public static Config parseFile(File file) {
        if (!file.isFile()) {
            throw ConfigurationException.of("configuration file '" + file + "' does not exist or is not a file. "
                    + "Give --config a local path or an s3:// URI.");
        }
        try {
            return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw ConfigurationException.of("cannot parse '" + file + "': " + e.getMessage());
        }
    }

    /** Parses text fetched from elsewhere (an S3 object); {@code origin} names it in messages. */
    public static Config parseText(String text, String origin) {
        try {
            return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin));
        } catch (ConfigException e) {
            throw ConfigurationException.of("cannot parse '" + origin + "': " + e.getMessage());
        }
    }

    /**
     * Parses {@code key=value} overrides. Keys may omit the {@code snapshot-sync.} prefix; values are
     * taken as strings and converted by the typed reads (so "10" works where a number is expected).
     */
    public static Config parseOverrides(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                problems.add("invalid --set '" + assignment + "'. Expected key=value, such as --set target.format=parquet.");
                continue;
            }
            String key = assignment.substring(0, eq).trim();
            values.put(key.startsWith(ROOT + ".") ? key : ROOT + "." + key, assignment.substring(eq + 1));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return ConfigFactory.parseMap(values, "--set");
    }

    public static Settings load(Config file, Config overrides) {
        Config merged;
        try {
            merged = overrides.withFallback(file).withFallback(ConfigFactory.defaultReference()).resolve();
        } catch (ConfigException e) {
            throw ConfigurationException.of(e.getMessage());
        }
        ConfigReader reader = new ConfigReader(merged);
        checkKnownKeys(reader);
        SourceSettings source = SourceReader.read(reader);
        TargetSettings target = TargetReader.read(reader);
        Boolean allowFutureDates = reader.bool(ROOT + ".run.allow-future-dates");
        var progressInterval = reader.positiveDuration(ROOT + ".run.progress-interval");
        List<TableSettings> tables = readTables(reader, ShapeReader.profiles(reader));
        if (!reader.problems().isEmpty()) {
            throw new ConfigurationException(reader.problems());
        }
        return new Settings(source, target, new RunSettings(allowFutureDates, progressInterval), tables);
    }

    private static List<TableSettings> readTables(ConfigReader reader, Map<String, SanitizeProfile> profiles) {
        Config config = reader.config();
        List<TableSettings> tables = new ArrayList<>();
        if (config.getValue(TABLES).valueType() != ConfigValueType.OBJECT) {
            reader.invalid(TABLES, "an object of tables keyed by output name, such as tables { orders {} }");
            return tables;
        }
        ConfigObject entries = config.getObject(TABLES);
        if (entries.isEmpty()) {
            reader.problem(TABLES, "no tables configured under '" + TABLES + "'. Add one, such as tables { orders {} }.");
        }
        for (String name : entries.keySet()) {
            String base = ConfigUtil.joinPath(ROOT, "tables", name);
            if (!OUTPUT_NAME.matcher(name).matches()) {
                reader.problem(base, "invalid table name '" + name + "' under '" + TABLES
                        + "'. Output names use letters, digits, '_', '.' and '-' (they become S3 folder names); "
                        + "set 'table' inside the entry to read a table whose name has other characters.");
                continue;
            }
            if (entries.get(name).valueType() != ConfigValueType.OBJECT) {
                reader.invalid(base, "an object such as { schema = public, table = orders }");
                continue;
            }
            String query = reader.optionalString(entryPath(config, base, "query")).strip();
            if (!query.isEmpty() && (config.hasPath(base + ".table") || config.hasPath(base + ".schema"))) {
                reader.problem(base + ".query", "table '" + name + "' sets both a query and a table (schema, table) "
                        + "under '" + base + "'. Keep one of them.");
            }
            if (!query.isEmpty()) {
                String queryPath = entryPath(config, base, "query");
                ReadOnlyQuery.problem(query).ifPresent(why -> reader.problem(queryPath, "query "
                        + reader.render(queryPath) + " for '" + queryPath + "' is not a single read-only SELECT: "
                        + why + ". Allowed: one SELECT, WITH ... SELECT, VALUES or TABLE statement, without ';'."));
            }
            String schema = query.isEmpty() ? reader.string(entryPath(config, base, "schema")) : null;
            // A query has no schema or table of its own (setting one beside it is the problem above).
            String table = !query.isEmpty() ? null
                    : config.hasPath(base + ".table") ? reader.string(base + ".table") : name;
            String partitionColumn = reader.optionalString(entryPath(config, base, "partition.column"));
            Integer partitionCount = reader.intBetween(entryPath(config, base, "partition.count"), 0, 10_000);
            TableContract contract = ShapeReader.contract(reader, base, profiles);
            List<String> primaryKey = reader.distinctNames(entryPath(config, base, "primary-key"));
            RowSecurityPolicy rowSecurity = reader.choice(entryPath(config, base, "row-security"),
                    RowSecurityPolicy.BY_NAME);
            boolean readable = !query.isEmpty() || schema != null && table != null;
            if (readable && partitionCount != null && contract != null && primaryKey != null && rowSecurity != null) {
                Relation relation = query.isEmpty() ? new Relation.NamedTable(TableName.of(schema, table))
                        : new Relation.CustomQuery(query);
                tables.add(new TableSettings(name, relation, new PartitionSettings(partitionColumn, partitionCount),
                        contract, primaryKey, rowSecurity));
            }
        }
        return tables;
    }

    /** The entry's own key when it sets one, else the key under table-defaults. */
    static String entryPath(Config config, String base, String key) {
        String own = base + "." + key;
        return config.hasPathOrNull(own) ? own : TABLE_DEFAULTS + "." + key;
    }

    /** Rejects keys under our root that reference.conf does not know, so a typo is never a silent default. */
    private static void checkKnownKeys(ConfigReader reader) {
        Config reference = ConfigFactory.defaultReference();
        walk(reader, reader.config().getObject(ROOT), List.of(ROOT), List.of(ROOT), reference);
    }

    /**
     * Walks {@code object} (at {@code path}) against the reference at {@code referencePath}. Each
     * entry of {@code tables} is checked against {@code table-defaults}, plus its own {@code table}.
     */
    private static void walk(ConfigReader reader, ConfigObject object, List<String> path, List<String> referencePath,
                             Config reference) {
        boolean isTables = path.equals(List.of(ROOT, "tables"));
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> childPath = append(path, entry.getKey());
            List<String> childReference = isTables ? List.of(ROOT, "table-defaults") : append(referencePath, entry.getKey());
            if (path.equals(List.of(ROOT, "sanitize")) && entry.getKey().equals("profiles")) {
                continue; // open-ended: ShapeReader checks each profile's keys
            }
            if (isTables) {
                if (entry.getValue() instanceof ConfigObject table) {
                    ConfigObject withoutName = table.withoutKey("table");
                    walk(reader, withoutName, childPath, childReference, reference);
                }
                continue;
            }
            String joined = ConfigUtil.joinPath(childPath);
            if (!reference.hasPathOrNull(ConfigUtil.joinPath(childReference))) {
                String suggestion = KeySuggestion.closest(entry.getKey(), knownKeys(reference, path, referencePath))
                        .map(key -> " Did you mean '" + ConfigUtil.joinPath(append(path, key)) + "'?").orElse("");
                reader.problem(joined, "unknown key '" + joined + "'." + suggestion + " Check its spelling against "
                        + "reference.conf (README, \"Configuration\").");
            } else if (entry.getValue() instanceof ConfigObject child) {
                walk(reader, child, childPath, childReference, reference);
            }
        }
    }

    /** The keys reference.conf knows next to an unknown one; a table entry also takes 'table'. */
    private static Set<String> knownKeys(Config reference, List<String> path, List<String> referencePath) {
        String parent = ConfigUtil.joinPath(referencePath);
        Set<String> keys = new TreeSet<>();
        if (reference.hasPath(parent) && reference.getValue(parent) instanceof ConfigObject object) {
            keys.addAll(object.keySet());
        }
        if (path.size() == 3 && path.get(1).equals("tables")) {
            keys.add("table");
        }
        return keys;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return longer;
    }

    static boolean isSupportedUri(String uri) {
        return URI_SCHEME.matcher(uri).matches();
    }
}
