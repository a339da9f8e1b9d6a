package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.CsvDay;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LogCapture;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row-level security policy that hides half the rows from the export role (not the owner, not
 * BYPASSRLS) never filters silently: the run refuses, naming the table and the opt-in, unless the
 * table sets row-security = apply, which exports the visible rows and says so in the manifest and log.
 */
class RowSecurityTest {
    private static final String BUCKET = "test-bucket-3";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("row_security");
        String owner = "view_owner_" + db.name().substring(db.name().lastIndexOf('_') + 1);
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, holder text)",
                "INSERT INTO accounts SELECT g, 'holder ' || g FROM generate_series(1, 100) g",
                "ALTER TABLE accounts ENABLE ROW LEVEL SECURITY",
                "CREATE ROLE " + owner + " NOLOGIN",
                "GRANT SELECT ON accounts TO " + owner,
                "CREATE POLICY even_only ON accounts FOR SELECT TO " + db.reader() + ", " + owner
                        + " USING (id % 2 = 0)",
                // Through a view, the policies of the owner of the view apply: the catalog check cannot
                // see them, the read sessions' row_security = off must.
                "CREATE VIEW account_view AS SELECT id, holder FROM accounts",
                "ALTER VIEW account_view OWNER TO " + owner,
                "GRANT SELECT ON account_view TO " + db.reader());
    }

    private Cli.Result export(String prefix, String tables) {
        Path config = TestConfig.write(dir, prefix + ".conf", TestConfig.base(db, BUCKET, prefix),
                "snapshot-sync.tables { " + tables + " }");
        return Cli.run("export", "--config", config.toString(), "--date", "2026-07-02");
    }

    @Test
    void policyThatHidesRowsFailsTheRunNamingTheTableAndTheOptIn() {
        Cli.Result result = export("rls-refuse", "accounts {}");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("table 'public.accounts' for 'snapshot-sync.tables.accounts' has row-level "
                + "security policies that would hide rows from '" + db.reader() + "'"), result.toString());
        assertTrue(result.err().contains("set 'snapshot-sync.tables.accounts.row-security' = apply"), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "rls-refuse/");
    }

    @Test
    void policyBehindAViewIsRefusedByTheServer() {
        Cli.Result result = export("rls-view", "account_view {}");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("reading table public.account_view"), result.toString());
        assertTrue(result.err().contains("query would be affected by row-level security policy for table "
                + "\"accounts\""), result.toString());
        assertTrue(result.err().contains("set 'snapshot-sync.tables.account_view.row-security' = apply"),
                result.toString());
        DayObjects.assertNothingPublished(BUCKET, "rls-view/");
    }

    @Test
    void optInExportsTheVisibleRowsAndRecordsIt() {
        Cli.Result result;
        try (LogCapture log = LogCapture.start()) {
            result = export("rls-apply", "accounts { row-security = apply, partition.count = 2 }");
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN table accounts: "
                    + "snapshot-sync.tables.accounts.row-security = apply")), log.lines().toString());
        }

        assertEquals(0, result.exitCode(), result.toString());
        String day = "rls-apply/accounts/snapshot_date=2026-07-02/";
        CsvDay rows = CsvDay.read(BUCKET, day);
        assertEquals(50, rows.rows().size());
        assertEquals(50, new HashSet<>(rows.column("id")).size());
        assertTrue(rows.column("id").stream().allMatch(id -> Integer.parseInt(id) % 2 == 0), rows.column("id").toString());
        assertEquals("applied", DayObjects.json(BUCKET, day + "_manifest.json").get("source").get("rowSecurity").asText());
    }
}
