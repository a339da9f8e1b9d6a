package dev.snapshotsync.types;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * What the shape step tells the JSON Lines writer about each column it hands over, in the
 * column's metadata: the member's key as JSON text ({@code "name":}) and how the value becomes
 * JSON. Shape makes it, sink reads it; it lives here so that neither imports the other.
 *
 * @param prefix the member's key as JSON text with its colon; empty for {@link Rendering#MEMBERS}
 */
public record JsonLineColumn(String prefix, Rendering rendering) {
    private static final String PREFIX = "snapshotsync.json.prefix";
    private static final String RENDERING = "snapshotsync.json.rendering";

    /** How a column's value is written into the line. */
    public enum Rendering {
        /**
         * By its Spark type: text as a JSON string, integers and booleans as they are, floating
         * point as a number (NaN and the infinities as strings).
         */
        VALUE,
        /** Text that is already a JSON value (jsonb, plain decimal digits), written as it is. */
        JSON_TEXT,
        /** Text that is already one or more {@code "key":value} members, written as it is. */
        MEMBERS
    }

    public JsonLineColumn {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(rendering, "rendering is null");
        if (prefix.isEmpty() != (rendering == Rendering.MEMBERS)) {
            throw new IllegalArgumentException("a key prefix is needed by every rendering but MEMBERS: '" + prefix
                    + "' for " + rendering);
        }
    }

    /**
     * The Spark types the JSON Lines writer renders itself ({@link Rendering#VALUE}), as Spark's
     * {@code to_json} would; a column of another type reaches it as text.
     */
    public static boolean renderedByTheWriter(DataType type) {
        return type instanceof StringType || type instanceof LongType || type instanceof IntegerType
                || type instanceof ShortType || type instanceof ByteType || type instanceof BooleanType
                || type instanceof DoubleType || type instanceof FloatType;
    }

    /** The metadata that carries this column's part in the line. */
    public Metadata metadata() {
        return new MetadataBuilder().putString(PREFIX, prefix).putString(RENDERING, rendering.name()).build();
    }

    /** The part a column of the written schema plays in the line. */
    public static JsonLineColumn of(StructField field) {
        Metadata metadata = field.metadata();
        if (!metadata.contains(PREFIX) || !metadata.contains(RENDERING)) {
            throw new IllegalStateException("column " + field.name() + " reached the JSON Lines writer without "
                    + PREFIX + " and " + RENDERING + " in its metadata: " + metadata.json());
        }
        return new JsonLineColumn(metadata.getString(PREFIX), Rendering.valueOf(metadata.getString(RENDERING)));
    }
}
