package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.HostileValues;
import dev.snapshotsync.testing.OutputCheck;
import dev.snapshotsync.testing.Outputs;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: table contracts (selection, order, renames, casts, hash/mask/nullify/exclude), drift
 * under fail/add/ignore (acceptance 3) and hostile identifiers in every format.
 */
class ContractTest {
    private static final String BUCKET = "test-bucket";
    private static final String DATE = "2026-05-01";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("contract");
        List<String> setup = new ArrayList<>();
        for (String table : List.of("drift_add", "drift_fail", "drift_ignore", "drift_type")) {
            setup.add("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
            setup.add("INSERT INTO " + table + " VALUES (1, 'one'), (2, 'two')");
            // The column the contract does not know yet: added after the contract was written.
            setup.add("ALTER TABLE " + table + " ADD COLUMN email text DEFAULT 'x@example.com'");
        }
        setup.add("CREATE TABLE people (id int PRIMARY KEY, name text, email text, ssn text, salary numeric(10,2), "
                + "note text)");
        setup.add("INSERT INTO people VALUES (1, 'Ada', 'ada@example.com', '123-45-6789', 1000.50, 'n1'), "
                + "(2, 'Bob', NULL, 'AB-99', NULL, 'n2')");
        String columns = HostileValues.IDENTIFIERS.stream().map(n -> quote(n) + " text").collect(Collectors.joining(", "));
        setup.add("CREATE TABLE \"Hostile Table\" (id int, " + columns + ")");
        setup.add("INSERT INTO \"Hostile Table\" VALUES (1, " + HostileValues.IDENTIFIERS.stream()
                .map(n -> "'" + n.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")");
        db.execute(setup.toArray(String[]::new));
    }

    private Cli.Result export(String prefix, String tables, String... extra) {
        List<String> parts = new ArrayList<>(List.of(TestConfig.base(db, BUCKET, prefix), tables));
        parts.addAll(Arrays.asList(extra));
        Path config = TestConfig.write(dir, "job.conf", parts.toArray(String[]::new));
        return Cli.run("export", "--config", config.toString(), "--date", DATE);
    }

    private List<Path> day(String prefix, String table) {
        Path into = dir.resolve(prefix);
        into.toFile().mkdirs();
        return OutputCheck.download(BUCKET, prefix + "/" + table + "/snapshot_date=" + DATE + "/", into);
    }

    @Test
    void addedColumnFlowsThroughUnderAdd() {
        Cli.Result result = export("drift-add", "snapshot-sync.tables { drift_add { columns = [name, id], drift = add } }");

        assertEquals(0, result.exitCode(), result.toString());
        Outputs.Table table = Outputs.csv(day("drift-add", "drift_add"));
        assertEquals(List.of("name", "id", "email"), table.columns());
        assertTrue(table.rows().contains(List.of("one", "1", "x@example.com")), table.rows().toString());
    }

    @Test
    void addedColumnFailsTheRunUnderFailNamingIt() {
        Cli.Result result = export("drift-fail", "snapshot-sync.tables { drift_fail { columns = [id, name] } }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("table 'drift_fail': drift in column 'email' (type 'text', not in the "
                + "contract) for 'snapshot-sync.tables.drift_fail.columns' with drift = fail."), result.toString());
        DayObjects.assertNothingPublished(BUCKET, "drift-fail/");
    }

    @Test
    void addedColumnIsDroppedUnderIgnore() {
        Cli.Result result = export("drift-ignore", "snapshot-sync.tables { drift_ignore { columns = [id, name], "
                + "drift = ignore } }");

        assertEquals(0, result.exitCode(), result.toString());
        Outputs.Table table = Outputs.csv(day("drift-ignore", "drift_ignore"));
        assertEquals(List.of("id", "name"), table.columns());
        assertEquals(2, table.rows().size());
    }

    @Test
    void changedTypeFailsUnderFailAndContractColumnMissingFromTheSourceFailsValidation() {
        Cli.Result result = export("drift-type", "snapshot-sync.tables { drift_type { columns = [{ name = id, "
                + "type = bigint }, name, ghost, { name = email, action = exclude }] } }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("2 problems"), result.toString());
        assertTrue(result.err().contains("table 'drift_type': drift in column 'id' (type 'bigint' in the contract, "
                + "'integer' in the source)"), result.toString());
        assertTrue(result.err().contains("table 'drift_type': column 'ghost' for 'snapshot-sync.tables.drift_type"
                + ".columns' does not exist in public.drift_type. Source columns: 'id', 'name', 'email'."),
                result.toString());
    }

    @Test
    void contractSelectsOrdersRenamesCastsAndProtectsColumns() throws Exception {
        Cli.Result result = export("people", """
                snapshot-sync.tables.people {
                  hash-salt = "pepper"
                  columns = [
                    { name = name, output = "Full Name" }
                    { name = id, cast = string }
                    { name = email, action = hash }
                    { name = ssn, action = mask }
                    { name = salary, action = nullify }
                    { name = note, action = exclude }
                  ]
                }""");

        assertEquals(0, result.exitCode(), result.toString());
        assertFalse(result.err().contains("pepper"), "salt leaked: " + result);
        List<Path> files = day("people", "people");
        OutputCheck.run("csv", 2, List.of("Full Name", "id", "email", "ssn", "salary"), Map.of(), files);
        Outputs.Table table = Outputs.csv(files);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("pepperada@example.com".getBytes(StandardCharsets.UTF_8)));
        assertTrue(table.rows().contains(Arrays.asList("Ada", "1", hash, "nnn-nn-nnnn", null)), table.rows().toString());
        assertTrue(table.rows().contains(Arrays.asList("Bob", "2", null, "XX-nn", null)), table.rows().toString());
    }

    @Test
    void aColumnListedTwiceIsReported() {
        Cli.Result result = export("twice", "snapshot-sync.tables { people { columns = [id, { name = id, output = id2 }"
                + "], drift = ignore } }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("configuration: table 'people': column 'id' for 'snapshot-sync.tables.people"
                + ".columns' is listed twice. Allowed: each source column once."), result.toString());
    }

    @Test
    void hostileIdentifiersWorkInEveryFormat() {
        List<String> columns = new ArrayList<>(List.of("id"));
        columns.addAll(HostileValues.IDENTIFIERS);
        for (String format : List.of("csv", "json", "parquet")) {
            Cli.Result result = export("hostile-" + format, "snapshot-sync.tables { hostile { table = \"Hostile Table\" "
                    + "} }", "snapshot-sync.target.format = " + format);

            assertEquals(0, result.exitCode(), format + ": " + result);
            List<Path> files = day("hostile-" + format, "hostile");
            OutputCheck.run(format, 1, columns, Map.of("select", "string"), files);
            Outputs.Table table = switch (format) {
                case "csv" -> Outputs.csv(files);
                case "json" -> Outputs.json(files);
                default -> Outputs.parquet(files);
            };
            assertEquals(columns, table.columns(), format);
            assertEquals(HostileValues.IDENTIFIERS, table.rows().get(0).subList(1, columns.size()).stream()
                    .map(v -> v instanceof JsonNode n ? n.textValue() : (String) v)
                    .toList(), format);
        }
    }

    @Test
    void outputNamesThatDifferOnlyInCaseAreRejected() {
        Cli.Result result = export("dupes", "snapshot-sync.tables { people { columns = [{ name = name, output = ID }, "
                + "id] } }");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("table 'people': duplicate output name 'id' for 'snapshot-sync.tables.people"
                + ".columns' (also 'ID'). Allowed: names unique regardless of case."), result.toString());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
