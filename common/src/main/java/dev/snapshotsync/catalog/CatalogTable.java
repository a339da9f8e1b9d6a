package dev.snapshotsync.catalog;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.config.GlueCatalogSettings;
import dev.snapshotsync.config.OutputFormat;
import dev.snapshotsync.config.TargetSettings;
import dev.snapshotsync.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * What the catalog says about one table and its day, built from the published manifest: the Glue
 * table (columns in manifest order, the format's SerDe, the table's folder) and the day's
 * partition. Pure: no calls to Glue.
 *
 * <p>Per format, as Athena reads them: Parquet with ParquetHiveSerDe; CSV with OpenCSVSerde, which
 * honours quotes and the header line but not line breaks inside values (Athena's documentation
 * says so; the csv-safe sanitize profile removes them); JSON Lines with the OpenX JSON SerDe,
 * which matches the lower-case catalog columns to the keys case-insensitively; Delta as an
 * Athena-native Delta table ({@code table_type = DELTA}) on the table's root, which reads days from
 * the Delta log, so it has no Glue partitions.
 */
public final class CatalogTable {
    /** The partition column of every non-Delta table; its values are the folder names' dates. */
    public static final String DATE_KEY = "snapshot_date";
    static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    static final String CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
    static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
    static final String DELTA_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
    private static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
    private static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    /** Types OpenCSVSerde parses from text; the rest stay string (it reads DATE only as a day number). */
    private static final Set<String> CSV_TYPES = Set.of("tinyint", "smallint", "int", "bigint", "float", "double",
            "boolean", "string");

    private final TargetSettings target;
    private final GlueCatalogSettings catalog;

    public CatalogTable(TargetSettings target) {
        this.target = requireNonNull(target, "target is null");
        this.catalog = target.catalog();
    }

    /** Glue table name: prefix + table name in lower case, other characters than [a-z0-9_] as '_'. */
    public String name(String table) {
        return (catalog.tablePrefix() + table).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The table for {@code manifest}'s columns at {@code tableLocation} (an s3:// folder ending in '/'). */
    public TableInput table(Manifest manifest, String tableLocation) {
        OutputFormat format = format(manifest);
        List<Column> columns = columns(manifest, format);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("classification", format.configName());
        parameters.put("snapshot-sync.manifest-version", Integer.toString(manifest.manifestVersion()));
        List<Column> partitionKeys = List.of(Column.builder().name(DATE_KEY).type("string").build());
        if (format == OutputFormat.DELTA) {
            parameters.put("table_type", "DELTA");
            parameters.put("spark.sql.sources.provider", "delta");
            columns = new ArrayList<>(columns);
            columns.add(Column.builder().name(DATE_KEY).type("date").build());
            partitionKeys = List.of();
        } else if (format == OutputFormat.CSV) {
            parameters.put("skip.header.line.count", "1");
        }
        if (catalog.registration() == GlueCatalogSettings.Registration.PROJECTION && format != OutputFormat.DELTA) {
            parameters.putAll(projection(tableLocation));
        }
        return TableInput.builder()
                .name(name(manifest.table()))
                .tableType("EXTERNAL_TABLE")
                .parameters(parameters)
                .partitionKeys(partitionKeys)
                .storageDescriptor(storage(format, columns, tableLocation))
                .build();
    }

    /** The day's partition: the table's storage with the day's folder as location. */
    public PartitionInput partition(TableInput table, String date, String dayLocation) {
        return PartitionInput.builder()
                .values(date)
                .parameters(Map.of("snapshot-sync.published", "true"))
                .storageDescriptor(table.storageDescriptor().toBuilder().location(dayLocation).build())
                .build();
    }

    /** True when the format registers days as Glue partitions (not Delta, not partition projection). */
    public boolean hasPartitions(Manifest manifest) {
        return format(manifest) != OutputFormat.DELTA
                && catalog.registration() == GlueCatalogSettings.Registration.PARTITIONS;
    }

    /** Athena partition projection: every date from 2000 to today, at the folders the job writes. */
    private static Map<String, String> projection(String tableLocation) {
        return Map.of(
                "projection.enabled", "true",
                "projection." + DATE_KEY + ".type", "date",
                "projection." + DATE_KEY + ".format", "yyyy-MM-dd",
                "projection." + DATE_KEY + ".range", "2000-01-01,NOW",
                "projection." + DATE_KEY + ".interval", "1",
                "projection." + DATE_KEY + ".interval.unit", "DAYS",
                "storage.location.template", tableLocation + DATE_KEY + "=${" + DATE_KEY + "}/");
    }

    private StorageDescriptor storage(OutputFormat format, List<Column> columns, String location) {
        StorageDescriptor.Builder sd = StorageDescriptor.builder().columns(columns).location(location);
        return switch (format) {
            case PARQUET -> sd.inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                    .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                    .serdeInfo(serde(PARQUET_SERDE, Map.of("serialization.format", "1"))).build();
            case CSV -> sd.inputFormat(TEXT_INPUT).outputFormat(TEXT_OUTPUT)
                    .serdeInfo(serde(CSV_SERDE, csvParameters())).build();
            case JSON -> sd.inputFormat(TEXT_INPUT).outputFormat(TEXT_OUTPUT)
                    .serdeInfo(serde(JSON_SERDE, Map.of("case.insensitive", "true"))).build();
            case DELTA -> sd.inputFormat("org.apache.hadoop.mapred.SequenceFileInputFormat")
                    .outputFormat("org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat")
                    .serdeInfo(serde(DELTA_SERDE, Map.of("path", location))).build();
        };
    }

    /**
     * OpenCSVSerde cannot take the quote as its escape (RFC 4180's doubled quotes, our default): it
     * reads doubled quotes inside a quoted value by itself, so escapeChar is set only when the
     * target escapes quotes with another character.
     */
    private Map<String, String> csvParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("separatorChar", target.csv().delimiter());
        parameters.put("quoteChar", target.csv().quote());
        if (!target.csv().escape().equals(target.csv().quote())) {
            parameters.put("escapeChar", target.csv().escape());
        }
        return parameters;
    }

    private static SerDeInfo serde(String library, Map<String, String> parameters) {
        return SerDeInfo.builder().serializationLibrary(library).parameters(parameters).build();
    }

    private static List<Column> columns(Manifest manifest, OutputFormat format) {
        return manifest.columns().stream()
                .map(c -> Column.builder().name(c.outputName().toLowerCase(Locale.ROOT))
                        .type(hiveType(c.outputType(), format))
                        .comment(("from " + c.sourceName() + " " + c.sourceType()))
                        .build())
                .toList();
    }

    /**
     * The Hive type the catalog gives a column, from the manifest's output type (Spark's simple
     * string). Parquet and Delta carry the types themselves; in the text formats timestamps are ISO
     * 8601 text with an offset, which no Hive SerDe parses as a timestamp, so they stay string
     * (Athena: {@code from_iso8601_timestamp(created)}).
     */
    static String hiveType(String outputType, OutputFormat format) {
        String type = outputType.replace("timestamp_ntz", "timestamp");
        return switch (format) {
            case PARQUET, DELTA -> type;
            case JSON -> type.equals("timestamp") || type.equals("binary") ? "string" : type;
            case CSV -> CSV_TYPES.contains(type) || type.startsWith("decimal(") ? type : "string";
        };
    }

    private static OutputFormat format(Manifest manifest) {
        return switch (manifest.format().name()) {
            case "csv" -> OutputFormat.CSV;
            case "json" -> OutputFormat.JSON;
            case "parquet" -> OutputFormat.PARQUET;
            case "delta" -> OutputFormat.DELTA;
            default -> throw new IllegalStateException("unknown format in manifest: " + manifest.format().name());
        };
    }
}
