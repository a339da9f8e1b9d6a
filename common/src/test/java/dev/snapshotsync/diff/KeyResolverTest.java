package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snapshotsync.errors.ErrorKind;
import dev.snapshotsync.errors.SnapshotSyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which a diff looks for its key, on local manifests; no Spark, no database. */
class KeyResolverTest {
    private static final Supplier<List<String>> CATALOG_ID = () -> List.of("id");
    private static final Supplier<List<String>> NO_CATALOG = () -> {
        throw new AssertionError("the catalog must not be asked");
    };

    @TempDir
    Path dir;
    private KeyResolver resolver;
    private org.apache.hadoop.fs.Path day1;
    private org.apache.hadoop.fs.Path day2;

    @BeforeEach
    void localFileSystem() throws IOException {
        resolver = new KeyResolver(FileSystem.getLocal(new Configuration()));
        day1 = new org.apache.hadoop.fs.Path(dir.resolve("d1.json").toUri());
        day2 = new org.apache.hadoop.fs.Path(dir.resolve("d2.json").toUri());
    }

    private void manifest(org.apache.hadoop.fs.Path file, String json) throws IOException {
        Files.writeString(Path.of(file.toUri()), json);
    }

    private KeyResolver.Hints hints(List<String> option, List<String> configured) {
        return new KeyResolver.Hints(option, configured, List.of(day1, day2));
    }

    @Test
    void theOptionComesFirst() throws IOException {
        manifest(day1, "{\"primaryKey\": [\"m\"]}");

        assertEquals(new ResolvedKey(List.of("a", "b"), "--key"),
                resolver.resolve("t", hints(List.of("a", "b"), List.of("c")), NO_CATALOG));
    }

    @Test
    void thenTheConfiguration() throws IOException {
        manifest(day1, "{\"primaryKey\": [\"m\"]}");

        assertEquals(new ResolvedKey(List.of("c"), "configuration"),
                resolver.resolve("t", hints(List.of(), List.of("c")), NO_CATALOG));
    }

    @Test
    void thenTheManifestOfEitherDay() throws IOException {
        manifest(day1, "{\"table\": \"t\"}");
        manifest(day2, "{\"table\": \"t\", \"primaryKey\": [\"m\", \"n\"]}");

        assertEquals(new ResolvedKey(List.of("m", "n"), "manifest"),
                resolver.resolve("t", hints(List.of(), List.of()), NO_CATALOG));
    }

    @Test
    void thenTheSourceCatalogWhenNoManifestRecordsAKey() throws IOException {
        manifest(day1, "not json at all");

        assertEquals(new ResolvedKey(List.of("id"), "source catalog"),
                resolver.resolve("t", hints(List.of(), List.of()), CATALOG_ID));
    }

    @Test
    void manifestsRecordingDifferentKeysAreRefused() throws IOException {
        manifest(day1, "{\"primaryKey\": [\"id\"]}");
        manifest(day2, "{\"primaryKey\": [\"uuid\"]}");

        SnapshotSyncException e = assertThrows(SnapshotSyncException.class,
                () -> resolver.resolve("t", hints(List.of(), List.of()), NO_CATALOG));

        assertEquals(ErrorKind.VERIFICATION, e.kind());
        assertEquals("diff: key columns differ between the days of table 't': '" + day1 + "' records the key [id] and '"
                + day2 + "' records [uuid]. Allowed: days whose key columns have the same names and types. A changed "
                + "key is not a row change: compare the days on each side of the change separately, or give another "
                + "key with --key.", e.getMessage());
    }

    @Test
    void anUnreachableSourceIsNamedAsTheReasonThereIsNoKey() {
        Supplier<List<String>> unreachable = () -> {
            throw SnapshotSyncException.source("source: connecting to PostgreSQL at db:5432/shop failed: the server "
                    + "cannot be reached", null);
        };

        SnapshotSyncException e = assertThrows(SnapshotSyncException.class,
                () -> resolver.resolve("t", hints(List.of(), List.of()), unreachable));

        assertEquals(ErrorKind.CONFIGURATION, e.kind());
        assertEquals("diff: no key for table 't': no --key was given, tables.t.primary-key is empty, neither day's "
                + "_manifest.json records a primaryKey, and the source could not be asked for its primary key (source: "
                + "connecting to PostgreSQL at db:5432/shop failed: the server cannot be reached). Give the columns "
                + "that identify a row with --key col1,col2, or set tables.t.primary-key = [col1, col2] in the "
                + "configuration.", e.getMessage());
    }
}
