package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Two CSV days of {@code items} written by real exports, with 2 inserts, 2 deletes and 3 updates
 * between them (one NULL that became ''), and their diff; made once per test JVM, under a prefix
 * of its own, and shared by the diff and notebook tests. {@code notes} has no primary key and a
 * repeated label.
 */
record ItemsDays(TestDatabase db, Path config, Cli.Result diff) {
    static final String BUCKET = "test-bucket";
    /** One per test JVM: two JVMs exporting the same days at once would replace each other's files. */
    static final String PREFIX = "diffs-" + UUID.randomUUID().toString().substring(0, 8);
    static final String D1 = "2026-04-01";
    static final String D2 = "2026-04-02";
    static final String DIFF = PREFIX + "/items/_diffs/from=" + D1 + "/to=" + D2 + "/";
    private static ItemsDays days;

    static synchronized ItemsDays get() {
        if (days == null) {
            days = create();
        }
        return days;
    }

    private static ItemsDays create() {
        TestDatabase db = TestDatabase.create("diff");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), note text)",
                """
                INSERT INTO items VALUES (1, 'apple', 1.00, 'plain'), (2, 'pear, green', 2.50, 'said "hi"'),
                  (3, 'plum', 3.00, NULL), (4, 'fig', 4.00, E'line\\nbreak'), (5, 'kiwi', 5.00, ''),
                  (6, 'lime', 6.00, 'x'), (7, 'date', 7.00, 'y'), (8, 'Zoë', 8.00, 'z')""",
                "CREATE TABLE notes (label text, body text)",
                "INSERT INTO notes VALUES ('a', 'one'), ('a', 'two'), ('b', 'three')");
        Path config;
        try {
            config = TestConfig.write(Files.createTempDirectory("diff-test"), "job.conf",
                    TestConfig.base(db, BUCKET, PREFIX), "snapshot-sync.tables { items {}, notes {} }");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        export(config, D1);
        db.execute("DELETE FROM items WHERE id IN (6, 7)",
                "INSERT INTO items VALUES (9, 'mango', 9.00, 'new'), (10, 'nut', NULL, NULL)",
                "UPDATE items SET name = 'pear, red' WHERE id = 2",
                "UPDATE items SET note = '' WHERE id = 3",
                "UPDATE items SET price = 4.50, note = E'line\\r\\nbreak' WHERE id = 4");
        export(config, D2);
        Cli.Result diff = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", D1, "--to", D2);
        return new ItemsDays(db, config, diff);
    }

    private static void export(Path config, String day) {
        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", day);
        assertEquals(0, result.exitCode(), result.toString());
    }
}
