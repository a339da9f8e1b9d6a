package dev.snapshotsync.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.testing.Cli;
import dev.snapshotsync.testing.DayObjects;
import dev.snapshotsync.testing.LineIndependent;
import dev.snapshotsync.testing.MotoAws;
import dev.snapshotsync.testing.S3Http;
import dev.snapshotsync.testing.TestConfig;
import dev.snapshotsync.testing.TestDatabase;
import dev.snapshotsync.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * target.glue-catalog against moto's Glue: after an export the table has the manifest's columns,
 * the format's SerDe and the table's folder, and the day's partition points at the day's folder;
 * DuckDB and pyarrow read the registered files as the catalog describes them; a rerun replaces
 * the partition; drift = add adds the column to the table; a failed registration exits 4 after
 * the day is published and a rerun repairs it.
 */
@LineIndependent
class GlueCatalogTest {
    private static final String BUCKET = "test-bucket-4";
    private static final String DATE = "2026-02-10";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create("catalog");
        db.execute("""
                CREATE TABLE "Orders" (id int PRIMARY KEY, "Customer" text, amount numeric(12,2), paid boolean,
                  created timestamptz, due date)""",
                """
                INSERT INTO "Orders" VALUES
                  (1, 'plain', 1.50, true, '2026-02-10 10:00:00.123456+02', '2026-02-10'),
                  (2, 'semi;colon, "quoted"', -0.01, false, '2026-02-10 00:00:00+00', '1999-12-31'),
                  (3, 'Zoë 日本語', NULL, NULL, NULL, NULL),
                  (4, '', 0, true, '1970-01-01 00:00:00+00', '2000-02-29')""",
                "CREATE TABLE grows (id int PRIMARY KEY, label text)",
                "INSERT INTO grows SELECT g, 'label ' || g FROM generate_series(1, 5) g");
    }

    private Path config(String prefix, String database, String extra) {
        return TestConfig.write(dir, "job.conf", TestConfig.base(db, BUCKET, prefix), """
                snapshot-sync.target.glue-catalog {
                  enabled = true
                  database = "%s"
                  region = "%s"
                  endpoint = "%s"
                }
                """.formatted(database, TestEnv.get("aws.region"), TestEnv.get("aws.endpoint")), extra);
    }

    private static String newDatabase() {
        String name = MotoAws.uniqueName("snapshots").replace('-', '_');
        MotoAws.createGlueDatabase(name);
        return name;
    }

    @ParameterizedTest
    @CsvSource({
            "csv,     org.apache.hadoop.hive.serde2.OpenCSVSerde,                      string",
            "json,    org.openx.data.jsonserde.JsonSerDe,                              string",
            "parquet, org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe,   timestamp",
    })
    void eachFormatIsRegisteredAsItsSerDeReadsItAndTheFilesReadAsDescribed(String format, String serde,
                                                                            String timestampType) throws Exception {
        String database = newDatabase();
        String prefix = "catalog-" + format;
        Path config = config(prefix, database, "snapshot-sync.target { format = " + format
                + ", csv.delimiter = \";\" }\nsnapshot-sync.tables { orders { table = \"Orders\" } }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode table = table(database, "orders");
        JsonNode sd = table.get("StorageDescriptor");
        assertEquals(serde, sd.at("/SerdeInfo/SerializationLibrary").asText(), table.toString());
        assertEquals("s3://" + BUCKET + "/" + prefix + "/orders/", sd.get("Location").asText());
        assertEquals(List.of("id int", "customer string", "amount decimal(12,2)", "paid boolean",
                "created " + timestampType, "due " + (format.equals("csv") ? "string" : "date")), columns(sd));
        assertEquals(List.of("snapshot_date string"), columns(table.get("PartitionKeys")));
        assertEquals(format, table.at("/Parameters/classification").asText());
        if (format.equals("csv")) {
            assertEquals(";", sd.at("/SerdeInfo/Parameters/separatorChar").asText());
            assertEquals("\"", sd.at("/SerdeInfo/Parameters/quoteChar").asText());
            assertTrue(sd.at("/SerdeInfo/Parameters/escapeChar").isMissingNode(), "RFC 4180 doubled quotes");
            assertEquals("1", table.at("/Parameters/skip.header.line.count").asText());
        }
        JsonNode partition = partition(database, "orders", DATE);
        String day = prefix + "/orders/snapshot_date=" + DATE + "/";
        assertEquals("s3://" + BUCKET + "/" + day, partition.at("/StorageDescriptor/Location").asText());
        readAsTheCatalogSays(table, day, 4);
    }

    @Test
    void deltaIsAnAthenaDeltaTableOnTheTablesRootWithoutPartitions() throws Exception {
        String database = newDatabase();
        Path config = config("catalog-delta", database,
                "snapshot-sync.target.format = delta\nsnapshot-sync.tables { orders { table = \"Orders\" } }");

        Cli.Result result = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode table = table(database, "orders");
        assertEquals("DELTA", table.at("/Parameters/table_type").asText(), table.toString());
        assertEquals("delta", table.at("/Parameters/spark.sql.sources.provider").asText());
        assertEquals("s3://" + BUCKET + "/catalog-delta/orders/", table.at("/StorageDescriptor/Location").asText());
        assertEquals(List.of("id int", "customer string", "amount decimal(12,2)", "paid boolean",
                "created timestamp", "due date", "snapshot_date date"), columns(table.get("StorageDescriptor")));
        assertEquals(0, partitions(database, "orders").size(), "the Delta log lists the days");
        assertTrue(DayObjects.keys(BUCKET, "catalog-delta/orders/_delta_log/").size() > 0);
        readAsTheCatalogSays(table, "catalog-delta/orders/snapshot_date=" + DATE + "/", 4);
    }

    @Test
    void aRerunReplacesThePartitionAndDriftAddAddsTheColumn() throws Exception {
        String database = newDatabase();
        Path config = config("catalog-rerun", database, "snapshot-sync.target.format = parquet\n"
                + "snapshot-sync.tables { grows { columns = [id, label], drift = add } }");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "--date", DATE).exitCode());
        db.execute("ALTER TABLE grows ADD COLUMN weight double precision", "UPDATE grows SET weight = id * 0.5");
        try {
            Cli.Result rerun = Cli.run("export", "--config", config.toString(), "--date", DATE);

            assertEquals(0, rerun.exitCode(), rerun.toString());
            assertEquals(List.of("id int", "label string", "weight double"),
                    columns(table(database, "grows").get("StorageDescriptor")));
            List<JsonNode> days = partitions(database, "grows");
            assertEquals(1, days.size(), days.toString());
            assertEquals(List.of("id int", "label string", "weight double"),
                    columns(days.get(0).get("StorageDescriptor")), "the partition describes the rerun's files");
            readAsTheCatalogSays(table(database, "grows"), "catalog-rerun/grows/snapshot_date=" + DATE + "/", 5);
        } finally {
            db.execute("ALTER TABLE grows DROP COLUMN weight");
        }
    }

    @Test
    void aFailedRegistrationExitsFourWithTheDayPublishedAndARerunRepairsIt() throws Exception {
        String database = MotoAws.uniqueName("not_yet").replace('-', '_');
        Path config = config("catalog-fail", database, "snapshot-sync.tables { grows { columns = [id, label] } }\n"
                + "snapshot-sync.target.glue-catalog.registration = projection");

        Cli.Result failed = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(4, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("catalog: registering table '" + database + ".grows' failed: Glue has no "
                + "database '" + database + "'. Create it (the CloudFormation stack does) or correct "
                + "target.glue-catalog.database. The day " + DATE + " of table grows is published (_SUCCESS "
                + "written); run the export of this date again to register it."), failed.err());
        String day = "catalog-fail/grows/snapshot_date=" + DATE + "/";
        assertTrue(DayObjects.keys(BUCKET, day).contains(day + "_SUCCESS"), "published before the registration");

        MotoAws.createGlueDatabase(database);
        Cli.Result rerun = Cli.run("export", "--config", config.toString(), "--date", DATE);

        assertEquals(0, rerun.exitCode(), rerun.toString());
        JsonNode parameters = table(database, "grows").get("Parameters");
        assertEquals("true", parameters.get("projection.enabled").asText(), parameters.toString());
        assertEquals("date", parameters.get("projection.snapshot_date.type").asText());
        assertEquals("yyyy-MM-dd", parameters.get("projection.snapshot_date.format").asText());
        assertEquals("s3://" + BUCKET + "/catalog-fail/grows/snapshot_date=${snapshot_date}/",
                parameters.get("storage.location.template").asText());
        assertEquals(0, partitions(database, "grows").size(), "projection registers no partitions");
    }

    private static JsonNode table(String database, String name) {
        return MotoAws.glue("AWSGlue.GetTable", Map.of("DatabaseName", database, "Name", name)).get("Table");
    }

    private static JsonNode partition(String database, String table, String date) {
        return MotoAws.glue("AWSGlue.GetPartition", Map.of("DatabaseName", database, "TableName", table,
                "PartitionValues", List.of(date))).get("Partition");
    }

    private static List<JsonNode> partitions(String database, String table) {
        JsonNode answer = MotoAws.glue("AWSGlue.GetPartitions", Map.of("DatabaseName", database, "TableName", table));
        return StreamSupport.stream(answer.get("Partitions").spliterator(), false).toList();
    }

    private static List<String> columns(JsonNode holder) {
        JsonNode columns = holder.has("Columns") ? holder.get("Columns") : holder;
        return StreamSupport.stream(columns.spliterator(), false)
                .map(c -> c.get("Name").asText() + " " + c.get("Type").asText()).toList();
    }

    /**
     * check_catalog.py on the day's data files, with the catalog's table as the reader's only guide.
     * The files are those its manifest lists: a Delta day folder also holds files an earlier run of
     * the day left, which the Delta log no longer lists.
     */
    private void readAsTheCatalogSays(JsonNode table, String dayPrefix, long rows) throws Exception {
        Path files = Files.createDirectories(dir.resolve("files-" + table.get("Name").asText()));
        List<Path> parts = new ArrayList<>();
        for (String key : DayObjects.manifestKeys(DayObjects.json(BUCKET, dayPrefix + "_manifest.json"))) {
            Path file = files.resolve(key.substring(key.lastIndexOf('/') + 1));
            Files.write(file, S3Http.get(BUCKET, key));
            parts.add(file);
        }
        Path tableJson = dir.resolve(table.get("Name").asText() + ".json");
        Files.writeString(tableJson, JSON.writeValueAsString(table));
        List<String> command = new ArrayList<>(List.of(System.getProperty("snapshotsync.python"),
                Path.of(System.getProperty("snapshotsync.checks", "../scripts/checks"), "check_catalog.py").toString(),
                "--table", tableJson.toString(), "--rows", Long.toString(rows)));
        parts.forEach(p -> command.add(p.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check_catalog.py finished");
        assertEquals(0, process.exitValue(), "check_catalog.py:\n" + output);
        assertFalse(output.isBlank());
    }
}
