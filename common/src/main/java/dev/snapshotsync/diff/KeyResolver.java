package dev.snapshotsync.diff;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key of a diff, first found wins: the {@code --key} option, the table's
 * {@code primary-key} in the configuration, the {@code primaryKey} array recorded in the days'
 * {@code _manifest.json}, then the source table's primary key from the catalog (asked last, and
 * only if the source answers, so a diff needs no database when the key is known otherwise).
 */
public final class KeyResolver {
    /** The top-level field of {@code _manifest.json} that records the key (agreed with the manifest writer). */
    public static final String MANIFEST_FIELD = "primaryKey";
    private static final Logger LOG = LoggerFactory.getLogger(KeyResolver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;

    public KeyResolver(FileSystem fs) {
        this.fs = requireNonNull(fs, "fs is null");
    }

    /** What a table may say of its key, besides the catalog. */
    public record Hints(List<String> option, List<String> configured, List<Path> manifests) {
        public Hints {
            option = List.copyOf(option);
            configured = List.copyOf(configured);
            manifests = List.copyOf(manifests);
        }
    }

    /**
     * @param catalog the source table's primary key (empty when it has none); it may throw a
     *                source error, which then only explains why no key was found
     */
    public ResolvedKey resolve(String table, Hints hints, Supplier<List<String>> catalog) {
        if (!hints.option().isEmpty()) {
            return new ResolvedKey(hints.option(), ResolvedKey.OPTION);
        }
        if (!hints.configured().isEmpty()) {
            return new ResolvedKey(hints.configured(), ResolvedKey.CONFIGURATION);
        }
        Optional<List<String>> recorded = fromManifests(table, hints.manifests());
        if (recorded.isPresent()) {
            return new ResolvedKey(recorded.get(), ResolvedKey.MANIFEST);
        }
        String why = "no --key was given, tables." + table + ".primary-key is empty, neither day's _manifest.json "
                + "records a " + MANIFEST_FIELD + ", and ";
        List<String> primaryKey;
        try {
            primaryKey = catalog.get();
        } catch (SnapshotSyncException e) {
            LOG.warn("could not ask the source for the primary key of {}: {}", table, e.getMessage());
            throw DiffErrors.noKey(table, why + "the source could not be asked for its primary key ("
                    + e.getMessage() + ")");
        }
        if (primaryKey.isEmpty()) {
            throw DiffErrors.noKey(table, why + "the source table has no primary key");
        }
        return new ResolvedKey(primaryKey, ResolvedKey.CATALOG);
    }

    /** The key both days' manifests record; refused when they record different ones. */
    private Optional<List<String>> fromManifests(String table, List<Path> manifests) {
        List<String> found = List.of();
        Path foundIn = null;
        for (Path manifest : manifests) {
            List<String> key = recordedKey(manifest);
            if (key.isEmpty()) {
                continue;
            }
            if (!found.isEmpty() && !found.equals(key)) {
                throw DiffErrors.keyColumnsDiffer(table, "'" + foundIn + "' records the key " + found + " and '"
                        + manifest + "' records " + key);
            }
            found = key;
            foundIn = manifest;
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    /** The manifest's key; empty when there is no manifest, or it records none (written by an older version). */
    private List<String> recordedKey(Path manifest) {
        try {
            if (!fs.exists(manifest)) {
                return List.of();
            }
            JsonNode root;
            try (InputStream in = fs.open(manifest)) {
                root = JSON.readTree(in);
            }
            JsonNode field = root == null ? null : root.get(MANIFEST_FIELD);
            List<String> key = new ArrayList<>();
            if (field != null && field.isArray()) {
                field.forEach(column -> key.add(column.asText()));
            }
            return key;
        } catch (IOException e) {
            LOG.warn("cannot read the key from {}; trying the next source of a key: {}", manifest, e.toString());
            return List.of();
        }
    }
}
