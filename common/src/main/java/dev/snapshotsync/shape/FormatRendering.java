package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshotsync.types.JsonLineColumn;
import dev.snapshotsync.types.JsonLineColumn.Rendering;
import dev.snapshotsync.types.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The per-format half of the type mapping: what a column of each {@link ValueKind} becomes in
 * CSV, JSON Lines and Parquet (Delta gets Parquet's). All built-in Spark expressions.
 *
 * <p>JSON Lines are not written by Spark's JSON writer, which can only write a json/jsonb value as
 * a quoted string (Spark 3.5 has no VARIANT type): the sink's JSON Lines writer builds each line
 * from the columns made here, so that jsonb nests as JSON and NaN and ±Infinity stay out of bare
 * JSON numbers.
 */
final class FormatRendering {
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
     * The columns of a JSON Lines file, each with its part in the line ({@link JsonLineColumn} in its
     * metadata), under positional names: the writer makes one object per row, keys in output order,
     * every value present (JSON null for NULL). Text, integers, booleans and floating point go to
     * the writer as they are, and it writes them as Spark's {@code to_json} would (the same bytes);
     * jsonb and decimals arrive as their JSON text; neighbouring columns of any other type (dates,
     * arrays, ...) share one {@code to_json} of a struct without its braces.
     */
    static Column[] jsonColumns(List<String> names, List<Column> values, List<ValueKind> kinds, List<DataType> types) {
        List<Column> columns = new ArrayList<>();
        List<Column> run = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ValueKind kind = kinds.get(i);
            String prefix = jsonString(names.get(i)) + ":";
            if (kind == ValueKind.JSON || kind == ValueKind.DECIMAL) {
                flush(run, columns);
                columns.add(jsonColumn(jsonText(values.get(i), kind), prefix, Rendering.JSON_TEXT, columns.size()));
            } else if (JsonLineColumn.renderedByTheWriter(genericType(kind, types.get(i)))) {
                flush(run, columns);
                columns.add(jsonColumn(genericValue(values.get(i), kind), prefix, Rendering.VALUE, columns.size()));
            } else {
                run.add(genericValue(values.get(i), kind).as(names.get(i)));
            }
        }
        flush(run, columns);
        if (columns.isEmpty()) {
            // No column at all: the line is an empty object, as to_json of an empty struct.
            columns.add(jsonColumn(lit(""), "", Rendering.MEMBERS, 0));
        }
        return columns.toArray(Column[]::new);
    }

    /** The Spark type of {@link #genericValue}: base64 and instants become text. */
    private static DataType genericType(ValueKind kind, DataType type) {
        return kind == ValueKind.BINARY || kind == ValueKind.INSTANT ? DataTypes.StringType : type;
    }

    private static Column jsonColumn(Column value, String prefix, Rendering rendering, int position) {
        return value.as("j" + position, new JsonLineColumn(prefix, rendering).metadata());
    }

    /** Kinds Spark's to_json renders as documented once binary is base64 text. */
    private static Column genericValue(Column value, ValueKind kind) {
        return switch (kind) {
            case BINARY -> base64Text(value);
            // A string to to_json: the same quoted text its timestampFormat makes, made faster.
            case INSTANT -> InstantText.of(value);
            default -> value;
        };
    }

    /**
     * The members of a run of columns for to_json: {@code to_json} of their struct without its
     * braces. The braces are cut from the bytes (each is one byte in UTF-8): a string's substr and
     * length count characters by walking the value.
     */
    private static void flush(List<Column> run, List<Column> columns) {
        if (run.isEmpty()) {
            return;
        }
        columns.add(jsonColumn(withoutBraces(to_json(struct(run.toArray(Column[]::new)), TO_JSON)), "",
                Rendering.MEMBERS, columns.size()));
        run.clear();
    }

    /** A JSON object's text without its first and last byte, its braces. */
    static Column withoutBraces(Column object) {
        Column bytes = object.cast(DataTypes.BinaryType);
        return bytes.substr(lit(2), length(bytes).minus(2)).cast(DataTypes.StringType);
    }

    /** The JSON text of a jsonb or decimal value. */
    private static Column jsonText(Column value, ValueKind kind) {
        return kind == ValueKind.JSON
                // Valid JSON text holds line breaks and tabs only as whitespace between tokens.
                ? regexp_replace(value, "[\\r\\n\\t]+", " ")
                : plainDigits(value);
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
