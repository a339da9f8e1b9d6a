package dev.snapshotsync.types;

import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;

/** How a column's values are rendered in each format; see {@link FormatRendering}. */
public enum ValueKind {
    INTEGER, DECIMAL, FLOAT, BOOLEAN,
    /** Character data from text, varchar and char: the only kind sanitize rules apply to. */
    TEXT,
    /** Any other value read as its PostgreSQL text form (exact numerics, uuid, inet, enums, time, interval, ...). */
    OTHER_TEXT,
    DATE,
    /** timestamptz: a UTC instant. */
    INSTANT,
    /** timestamp without time zone: ISO 8601 local date-time text, timestamp_ntz in Parquet. */
    LOCAL_TIMESTAMP,
    /** json and jsonb (and arrays Spark cannot hold natively) as JSON text; nested in JSON Lines. */
    JSON,
    BINARY,
    ARRAY;

    /** Spark's type names ({@link DataType#typeName()}) of the types a contract's cast may produce. */
    private static final Map<String, ValueKind> BY_SPARK_TYPE_NAME = Map.ofEntries(
            Map.entry("byte", INTEGER), Map.entry("short", INTEGER), Map.entry("integer", INTEGER),
            Map.entry("long", INTEGER), Map.entry("float", FLOAT), Map.entry("double", FLOAT),
            Map.entry("boolean", BOOLEAN), Map.entry("date", DATE), Map.entry("timestamp", INSTANT),
            Map.entry("binary", BINARY), Map.entry("array", ARRAY));

    /** The kind of a value after a contract's cast, from its Spark type alone; text for anything else. */
    public static ValueKind ofSparkType(DataType type) {
        if (type instanceof DecimalType) {
            return DECIMAL;
        }
        return BY_SPARK_TYPE_NAME.getOrDefault(type.typeName(), OTHER_TEXT);
    }
}
