package dev.snapshotsync.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import dev.snapshotsync.testing.TestSpark;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code diff} end to end on CSV days ({@link ItemsDays}: two real exports with inserts, deletes and
 * updates between them): the counts, the changed rows and their encryption checked exactly; and the
 * refusals.
 */
class DiffTest {
    private static final String BUCKET = ItemsDays.BUCKET;
    private static final String PREFIX = ItemsDays.PREFIX;
    private static final String D1 = ItemsDays.D1;
    private static final String D2 = ItemsDays.D2;
    private static final String DIFF = ItemsDays.DIFF;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static Path config;
    private static Cli.Result diff;

    @BeforeAll
    static void exportTwoDaysAndDiff() {
        ItemsDays days = ItemsDays.get();
        db = days.db();
        config = days.config();
        diff = days.diff();
    }

    @Test
    void countsRowsByKindAndValuesByColumn() throws IOException {
        assertEquals(0, diff.exitCode(), diff.toString());
        assertTrue(diff.out().contains("diff of items: " + D1 + " -> " + D2 + " by key id (from manifest)"),
                diff.toString());
        assertTrue(diff.out().contains("rows: 8 -> 8: 2 added, 2 removed, 3 changed, 3 unchanged"), diff.toString());
        assertTrue(diff.out().contains("changed values by column: name 1, price 1, note 2"), diff.toString());
        assertTrue(diff.out().contains("columns added: none; removed: none; type changed: none"), diff.toString());

        JsonNode summary = JSON.readTree(S3Http.get(BUCKET, DIFF + "_summary.json"));
        assertEquals(JSON.readTree("""
                {"table": "items", "from": "%s", "to": "%s", "format": "csv", "key": ["id"],
                 "keySource": "manifest",
                 "rows": {"fromRows": 8, "toRows": 8, "added": 2, "removed": 2, "changed": 3, "unchanged": 3,
                          "changesByColumn": {"name": 1, "price": 1, "note": 2}},
                 "columns": {"added": [], "removed": [], "typeChanged": []},
                 "output": "s3a://%s/%s"}
                """.formatted(D1, D2, BUCKET, DIFF)), summary);
        assertEquals(List.of("name", "price", "note"), fieldNames(summary.path("rows").path("changesByColumn")));
    }

    @Test
    void writesEachChangedRowWithItsKindAndBothVersions() {
        assertEquals(0, diff.exitCode(), diff.toString());
        List<Row> rows = new ArrayList<>(TestSpark.session().read().parquet("s3a://" + BUCKET + "/" + DIFF)
                .collectAsList());
        rows.sort(Comparator.comparing(r -> Integer.parseInt(r.getStruct(0).getString(0))));

        assertEquals(List.of(
                "2 changed [name] old=[2, pear, green, 2.50, said \"hi\"] new=[2, pear, red, 2.50, said \"hi\"]",
                "3 changed [note] old=[3, plum, 3.00, null] new=[3, plum, 3.00, ]",
                "4 changed [price, note] old=[4, fig, 4.00, line\nbreak] new=[4, fig, 4.50, line\r\nbreak]",
                "6 removed null old=[6, lime, 6.00, x] new=null",
                "7 removed null old=[7, date, 7.00, y] new=null",
                "9 added null old=null new=[9, mango, 9.00, new]",
                "10 added null old=null new=[10, nut, null, null]"),
                rows.stream().map(DiffTest::render).toList());
    }

    @Test
    void everyDiffObjectIsEncryptedWithTheConfiguredKey() {
        assertEquals(0, diff.exitCode(), diff.toString());
        List<String> keys = S3Http.list(BUCKET, DIFF);
        assertTrue(keys.contains(DIFF + "_summary.json"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.endsWith(".parquet")), keys.toString());
        for (String key : keys) {
            HttpHeaders headers = S3Http.head(BUCKET, key);
            assertEquals("aws:kms", headers.firstValue("x-amz-server-side-encryption").orElse(""), key);
            String keyId = headers.firstValue("x-amz-server-side-encryption-aws-kms-key-id").orElse("");
            assertTrue(keyId.equals(TestEnv.kmsKey()) || keyId.endsWith("key/" + TestEnv.kmsKey()), key + ": " + keyId);
        }
    }

    @Test
    void keyFromTheOptionWinsOverTheConfigurationWhichWinsOverTheCatalog() throws IOException {
        String byName = "tables.items.primary-key=name";

        Cli.Result configured = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", D2,
                "--to", D1, "--set", byName);
        Cli.Result option = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", D2,
                "--to", D1, "--set", byName, "--key", "id");

        assertEquals(0, configured.exitCode(), configured.toString());
        assertTrue(configured.out().contains("by key name (from configuration)"), configured.toString());
        assertTrue(configured.out().contains("rows: 8 -> 8: 3 added, 3 removed, 2 changed, 3 unchanged"),
                configured.toString());
        assertEquals(0, option.exitCode(), option.toString());
        assertTrue(option.out().contains("by key id (from --key)"), option.toString());
        assertTrue(option.out().contains("rows: 8 -> 8: 2 added, 2 removed, 3 changed, 3 unchanged"),
                option.toString());
        JsonNode summary = JSON.readTree(S3Http.get(BUCKET, PREFIX + "/items/_diffs/from=" + D2 + "/to=" + D1
                + "/_summary.json"));
        assertEquals("--key", summary.path("keySource").asText());
    }

    @Test
    void unpublishedDaysAreRefusedNamingTheMissingSuccessMarker() {
        S3Http.put(BUCKET, PREFIX + "/items/snapshot_date=2026-04-04/part-00000.csv",
                "id,name\n1,half written\n".getBytes(StandardCharsets.UTF_8));

        Cli.Result never = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", D1,
                "--to", "2026-04-03");
        Cli.Result unfinished = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from",
                "2026-04-04", "--to", D2);

        assertEquals(2, never.exitCode(), never.toString());
        assertTrue(never.err().contains("diff: day not published '2026-04-03' for '--to': 's3a://" + BUCKET + "/"
                + PREFIX + "/items/snapshot_date=2026-04-03/_SUCCESS' does not exist. Allowed: a published day of "
                + "table 'items' (" + D1 + ", " + D2 + ")."), never.toString());
        assertEquals(2, unfinished.exitCode(), unfinished.toString());
        assertTrue(unfinished.err().contains("day not published '2026-04-04' for '--from': 's3a://" + BUCKET + "/"
                + PREFIX + "/items/snapshot_date=2026-04-04/_SUCCESS' does not exist"), unfinished.toString());
        assertTrue(unfinished.err().contains("(" + D1 + ", " + D2 + ")"), unfinished.toString());
    }

    @Test
    void aTableWithoutAnyKnownKeyIsRefusedSayingHowToGiveOne() {
        Cli.Result result = Cli.run("diff", "--config", config.toString(), "--table", "notes", "--from", D1,
                "--to", D2);

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("diff: no key for table 'notes': no --key was given, "
                + "tables.notes.primary-key is empty, neither day's _manifest.json records a primaryKey, and the "
                + "source table has no primary key. Give the columns that identify a row with --key col1,col2, or "
                + "set tables.notes.primary-key = [col1, col2] in the configuration."), result.toString());
    }

    @Test
    void aKeyThatDoesNotIdentifyRowsIsRefusedWithExamples() {
        Cli.Result result = Cli.run("diff", "--config", config.toString(), "--table", "notes", "--from", D1,
                "--to", D2, "--key", "label");

        assertEquals(5, result.exitCode(), result.toString());
        assertTrue(result.err().contains("diff: key [label] does not identify the rows of table 'notes' on " + D1
                + ": several rows share [a] (2 rows)."), result.toString());
    }

    @Test
    void unknownKeyColumnsTablesAndDatesAreUsageErrors() {
        Cli.Result column = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", D1,
                "--to", D2, "--key", "sku");
        Cli.Result table = Cli.run("diff", "--config", config.toString(), "--table", "ghosts", "--from", D1,
                "--to", D2);
        Cli.Result date = Cli.run("diff", "--config", config.toString(), "--table", "items", "--from", "April 1",
                "--to", D2);

        assertEquals(2, column.exitCode(), column.toString());
        assertTrue(column.err().contains("diff: unknown key column 'sku' for table 'items' (key from --key); neither "
                + "day has it. Allowed: a column of both days (id, name, price, note)."), column.toString());
        assertEquals(2, table.exitCode(), table.toString());
        assertTrue(table.err().contains("diff: unknown table 'ghosts' for '--table'. Allowed: a configured table "
                + "(items, notes)."), table.toString());
        assertEquals(2, date.exitCode(), date.toString());
        assertTrue(date.err().contains("diff: invalid value 'April 1' for '--from'. Allowed: a date as YYYY-MM-DD"),
                date.toString());
        assertFalse(column.err().contains(db.readerPassword()), "password leaked: " + column);
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** key change [changed columns] old=[values] new=[values], with NULL as null and "" as nothing. */
    static String render(Row row) {
        List<String> changed = row.isNullAt(2) ? null : row.getList(2);
        return row.getStruct(0).get(0) + " " + row.getString(1) + " " + (changed == null ? "null" : changed)
                + " old=" + values(row, 3) + " new=" + values(row, 4);
    }

    private static String values(Row row, int index) {
        if (row.isNullAt(index)) {
            return "null";
        }
        Row struct = row.getStruct(index);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < struct.size(); i++) {
            values.add(String.valueOf(struct.get(i)));
        }
        return values.toString();
    }
}
