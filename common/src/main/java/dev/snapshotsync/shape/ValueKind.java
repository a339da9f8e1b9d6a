package dev.snapshotsync.shape;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

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

    /** The kind of a value after a contract's cast, from its Spark type alone. */
    static ValueKind ofSparkType(DataType type) {
        if (type instanceof DecimalType) {
            return DECIMAL;
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return FLOAT;
        }
        if (type instanceof BooleanType) {
            return BOOLEAN;
        }
        if (type instanceof StringType) {
            return OTHER_TEXT;
        }
        if (type instanceof DateType) {
            return DATE;
        }
        if (type instanceof TimestampType) {
            return INSTANT;
        }
        if (type instanceof BinaryType) {
            return BINARY;
        }
        if (type instanceof ArrayType) {
            return ARRAY;
        }
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType) {
            return INTEGER;
        }
        return OTHER_TEXT;
    }
}
