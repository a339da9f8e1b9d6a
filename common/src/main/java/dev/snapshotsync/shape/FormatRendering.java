package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.types.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The per-format half of the type mapping: what a column of each {@link ValueKind} becomes in
 * CSV, JSON Lines and Parquet (Delta gets Parquet's). All built-in Spark expressions.
 *
 * <p>JSON Lines are rendered here, one string per row, because Spark's JSON writer can only write
 * a json/jsonb value as a quoted string (Spark 3.5 has no VARIANT type); building the line lets
 * jsonb nest as JSON and keeps NaN and ±Infinity out of bare JSON numbers.
 */
final class FormatRendering {
    /** The single column of pre-rendered JSON Lines. */
    static final String JSON_LINE = "value";
    static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
    private static final Map<String, String> TO_JSON = Map.of("timestampFormat", ISO_INSTANT,
            "ignoreNullFields", "false");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FormatRendering() {}

    static Column csv(Column value, ValueKind kind) {
        return switch (kind) {
            case ARRAY -> to_json(value, TO_JSON);
            case BINARY -> base64Text(value);
            case DECIMAL -> plainDigits(value);
            case INSTANT -> InstantText.of(value);
            default -> value;
        };
    }

    static Column parquet(Column value, ValueKind kind) {
        return kind == ValueKind.LOCAL_TIMESTAMP ? value.cast("timestamp_ntz") : value;
    }

    /**
     * One JSON object per row, keys in output order, every value present (JSON null for NULL).
     * Neighbouring columns that Spark renders as they are share one {@code to_json} of a struct
     * (its braces dropped): one JSON generator per row rather than one per value. JSON and
     * floating-point columns are rendered on their own and spliced in between; a row without them
     * is a single {@code to_json}.
     */
    static Column jsonLine(List<String> names, List<Column> values, List<ValueKind> kinds) {
        List<Column> members = new ArrayList<>();
        List<Column> run = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (isGeneric(kinds.get(i))) {
                run.add(genericValue(values.get(i), kinds.get(i)).as(names.get(i)));
                continue;
            }
            flush(run, members);
            members.add(concat(lit(jsonString(names.get(i)) + ":"), coalesce(jsonValue(values.get(i), kinds.get(i)),
                    lit("null"))));
        }
        if (members.isEmpty() && !run.isEmpty()) {
            // Every column generic (the common case, and the cheapest): the row is one to_json.
            return to_json(struct(run.toArray(Column[]::new)), TO_JSON).as(JSON_LINE);
        }
        flush(run, members);
        return concat(lit("{"), concat_ws(",", members.toArray(Column[]::new)), lit("}")).as(JSON_LINE);
    }

    /** Kinds Spark's to_json renders as documented once binary is base64 text. */
    private static boolean isGeneric(ValueKind kind) {
        return kind != ValueKind.JSON && kind != ValueKind.FLOAT && kind != ValueKind.DECIMAL;
    }

    private static Column genericValue(Column value, ValueKind kind) {
        return switch (kind) {
            case BINARY -> base64Text(value);
            // A string to to_json: the same quoted text its timestampFormat makes, made faster.
            case INSTANT -> InstantText.of(value);
            default -> value;
        };
    }

    /**
     * The members of a run of generic columns: {@code to_json} of their struct without its braces.
     * The braces are cut from the bytes (each is one byte in UTF-8): a string's substr and length
     * count characters by walking the value, which took a quarter of a JSON Lines export's samples.
     */
    private static void flush(List<Column> run, List<Column> members) {
        if (run.isEmpty()) {
            return;
        }
        members.add(withoutBraces(to_json(struct(run.toArray(Column[]::new)), TO_JSON)));
        run.clear();
    }

    /** A JSON object's text without its first and last byte, its braces. */
    static Column withoutBraces(Column object) {
        Column bytes = object.cast(DataTypes.BinaryType);
        return bytes.substr(lit(2), length(bytes).minus(2)).cast(DataTypes.StringType);
    }

    private static Column jsonValue(Column value, ValueKind kind) {
        return switch (kind) {
            // Valid JSON text holds line breaks and tabs only as whitespace between tokens.
            case JSON -> regexp_replace(value, "[\\r\\n\\t]+", " ");
            case FLOAT -> when(isnan(value), lit("\"NaN\""))
                    .when(value.equalTo(lit(Double.POSITIVE_INFINITY)), lit("\"Infinity\""))
                    .when(value.equalTo(lit(Double.NEGATIVE_INFINITY)), lit("\"-Infinity\""))
                    .otherwise(generic(value));
            case DECIMAL -> plainDigits(value);
            default -> generic(value);
        };
    }

    /**
     * A decimal as plain digits with the column's scale ({@code BigDecimal.toPlainString}): Spark's
     * CSV writer and to_json write {@code BigDecimal.toString}, which turns small values and zeros
     * of a wide scale into exponent form ({@code -1E-10}, {@code 0E-10} for numeric(38,10)). Spark's
     * cast to string is plain in both lines; every other value reads the same either way.
     */
    private static Column plainDigits(Column value) {
        return value.cast("string");
    }

    /** Spark's own JSON rendering of one value: to_json of {"v": value}, unwrapped. */
    private static Column generic(Column value) {
        Column wrapped = to_json(struct(value.as("v")), TO_JSON);
        return wrapped.substr(lit(6), length(wrapped).minus(6));
    }

    /** Base64 on one line: Spark's base64 may break lines (MIME style) depending on version and settings. */
    private static Column base64Text(Column value) {
        return regexp_replace(base64(value), "[\\r\\n]", "");
    }

    private static String jsonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a column name as JSON", e);
        }
    }
}
