package dev.snapshotsync.types;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.sql.SourceColumn;
import dev.snapshotsync.sql.SqlLiteral;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one mapping from PostgreSQL types to what is read (a SQL expression in the read subquery),
 * the Spark type it becomes, and what each format gets. The README's type table is
 * {@link #markdownTable()}; a test keeps the two equal.
 *
 * <p>Why some types are read as text: Spark's decimal holds at most 38 digits, so unconstrained
 * numeric (and numeric wider than 38) keeps its exact digits, NaN and ±Infinity as text; types
 * Spark's PostgresDialect maps inexactly or not at all (time, interval, uuid, inet, enums, json)
 * are read in their PostgreSQL text form, with interval in ISO 8601 (see {@link #SESSION_OPTIONS}).
 */
public final class TypeMapping {
    /**
     * Startup options for every source session: interval text in ISO 8601 ({@code P1Y2M3DT4H5M6S}).
     * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-INTERVAL-OUTPUT
     */
    public static final String SESSION_OPTIONS = "-c IntervalStyle=iso_8601";

    private static final int MAX_DECIMAL_DIGITS = 38;
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(-?\\d+)\\)");

    /** One row of the documented mapping; {@code typeNames} are the {@code pg_type.typname}s it covers. */
    public record Entry(String postgres, List<String> typeNames, ValueKind kind, String read, String spark,
                        String csv, String json, String parquet) {
        public Entry {
            requireNonNull(postgres, "postgres is null");
            typeNames = List.copyOf(typeNames);
            requireNonNull(kind, "kind is null");
        }
    }

    /** A source column as mapped: its kind, the SQL that reads it and the Spark type it has once read. */
    public record Mapped(ValueKind kind, String readExpression, DataType sparkType) {
        public Mapped {
            requireNonNull(kind, "kind is null");
            requireNonNull(readExpression, "readExpression is null");
            requireNonNull(sparkType, "sparkType is null");
        }
    }

    private static final String COLUMN = "column";
    private static final String TEXT = "column::text";
    private static final String ISO_INSTANT = "ISO 8601 UTC text, `2026-01-15T08:00:00.123456Z`";
    private static final String OUT_OF_RANGE = "; infinity, BC and years after 9999 fail the run";

    /**
     * The range of years every format holds exactly (CSV and JSON text with four-digit years,
     * Spark's and Parquet's proleptic dates), as the bounds of {@code value >= low AND value < high}
     * for each kind read from a date or time stamp, and the type whose input rejects the message.
     */
    private static final Map<ValueKind, List<String>> RANGES = Map.of(
            ValueKind.DATE, List.of("'0001-01-01'::date", "'10000-01-01'::date", "date"),
            ValueKind.LOCAL_TIMESTAMP, List.of("'0001-01-01'::timestamp", "'10000-01-01'::timestamp", "timestamp"),
            ValueKind.INSTANT, List.of("'0001-01-01 00:00+00'::timestamptz", "'10000-01-01 00:00+00'::timestamptz",
                    "timestamptz"));

    public static final List<Entry> ENTRIES = List.of(
            new Entry("smallint", List.of("int2"), ValueKind.INTEGER, COLUMN, "smallint", "digits", "number",
                    "INT32 (INT(16))"),
            new Entry("integer", List.of("int4"), ValueKind.INTEGER, COLUMN, "int", "digits", "number", "INT32"),
            new Entry("bigint", List.of("int8"), ValueKind.INTEGER, COLUMN, "bigint", "digits", "number", "INT64"),
            new Entry("numeric(p,s), 0 ≤ s ≤ p ≤ 38", List.of(), ValueKind.DECIMAL, COLUMN, "decimal(p,s)",
                    "exact digits", "number, exact", "DECIMAL(p,s)"),
            new Entry("numeric, numeric(p,s) otherwise", List.of("numeric"), ValueKind.OTHER_TEXT, TEXT, "string",
                    "exact digits; NaN, Infinity, -Infinity", "string", "STRING"),
            new Entry("real", List.of("float4"), ValueKind.FLOAT, COLUMN, "float", "number; NaN, Infinity, -Infinity",
                    "number; \"NaN\", \"Infinity\", \"-Infinity\" as strings", "FLOAT"),
            new Entry("double precision", List.of("float8"), ValueKind.FLOAT, COLUMN, "double",
                    "number; NaN, Infinity, -Infinity", "number; \"NaN\", \"Infinity\", \"-Infinity\" as strings",
                    "DOUBLE"),
            new Entry("money", List.of("money"), ValueKind.DECIMAL, "column::numeric(19,2)", "decimal(19,2)",
                    "exact digits", "number, exact", "DECIMAL(19,2)"),
            // money[]'s own text form is locale text ($1.50); its elements go the way money goes.
            new Entry("money[]", List.of("_money"), ValueKind.JSON, "to_json(column::numeric(19,2)[])::text", "string",
                    "JSON array text of exact numbers", "array of exact numbers", "STRING (JSON text)"),
            new Entry("boolean", List.of("bool"), ValueKind.BOOLEAN, COLUMN, "boolean", "true, false",
                    "true, false", "BOOLEAN"),
            new Entry("text, varchar, char, name, citext", List.of("text", "varchar", "bpchar", "name", "citext"),
                    ValueKind.TEXT, COLUMN, "string", "text (sanitized)", "string (sanitized)", "STRING (sanitized)"),
            new Entry("date", List.of("date"), ValueKind.DATE, COLUMN, "date",
                    "`0001-01-01` to `9999-12-31`" + OUT_OF_RANGE, "string `YYYY-MM-DD`", "DATE"),
            new Entry("timestamp", List.of("timestamp"), ValueKind.LOCAL_TIMESTAMP,
                    "to_char(column, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')", "string",
                    "ISO 8601 text, `2026-01-15T08:00:00.123456`" + OUT_OF_RANGE, "string, as in CSV",
                    "TIMESTAMP (not UTC-adjusted, µs)"),
            new Entry("timestamptz", List.of("timestamptz"), ValueKind.INSTANT, COLUMN, "timestamp",
                    ISO_INSTANT + OUT_OF_RANGE, "string, as in CSV", "TIMESTAMP (UTC-adjusted, µs)"),
            new Entry("time, timetz", List.of("time", "timetz"), ValueKind.OTHER_TEXT, TEXT, "string",
                    "`HH:MM:SS.ffffff`", "string", "STRING"),
            new Entry("interval", List.of("interval"), ValueKind.OTHER_TEXT, TEXT, "string",
                    "ISO 8601 duration, `P1Y2M3DT4H5M6.5S`", "string, as in CSV", "STRING, as in CSV"),
            new Entry("json, jsonb", List.of("json", "jsonb"), ValueKind.JSON, TEXT, "string", "JSON text",
                    "nested JSON", "STRING (JSON text)"),
            new Entry("bytea", List.of("bytea"), ValueKind.BINARY, COLUMN, "binary", "base64", "string, base64",
                    "BINARY"),
            new Entry("text[], varchar[], char[]", List.of("_text", "_varchar", "_bpchar"), ValueKind.ARRAY, COLUMN,
                    "array<string>", "JSON array text", "array", "LIST<STRING>"),
            new Entry("smallint[]", List.of("_int2"), ValueKind.ARRAY, COLUMN, "array<smallint>", "JSON array text",
                    "array", "LIST<INT32>"),
            new Entry("integer[]", List.of("_int4"), ValueKind.ARRAY, COLUMN, "array<int>", "JSON array text",
                    "array", "LIST<INT32>"),
            new Entry("bigint[]", List.of("_int8"), ValueKind.ARRAY, COLUMN, "array<bigint>", "JSON array text",
                    "array", "LIST<INT64>"),
            new Entry("other arrays", List.of(), ValueKind.JSON, "to_json(column)::text", "string", "JSON array text",
                    "nested JSON array", "STRING (JSON text)"),
            // inet's cast to text adds the netmask (/32) its output form leaves out; format uses the output
            // form, and gives '' for NULL, which no inet has.
            new Entry("inet, cidr", List.of("inet", "cidr"), ValueKind.OTHER_TEXT, "nullif(format('%s', column), '')",
                    "string",
                    "PostgreSQL text form, `192.168.0.1`, `2001:db8::/64`", "string", "STRING"),
            new Entry("uuid, macaddr, enums, xml, any other", List.of(), ValueKind.OTHER_TEXT, TEXT,
                    "string", "PostgreSQL text form", "string", "STRING"));

    private static final Map<String, Entry> BY_TYPE_NAME = byTypeName();
    private static final Entry DECIMAL = entry("numeric(p,s), 0 ≤ s ≤ p ≤ 38");
    private static final Entry OTHER_ARRAY = entry("other arrays");
    private static final Entry OTHER = entry("uuid, macaddr, enums, xml, any other");

    private TypeMapping() {}

    public static Mapped map(SourceColumn column) {
        Entry entry = entryFor(column);
        String quoted = column.name().quoted();
        String read = inRange(entry.read().replace(COLUMN, quoted), entry.kind(), column);
        if (entry == DECIMAL) {
            Matcher numeric = NUMERIC.matcher(column.declaredType());
            numeric.matches();
            return new Mapped(entry.kind(), read, DataTypes.createDecimalType(
                    Integer.parseInt(numeric.group(1)), Integer.parseInt(numeric.group(2))));
        }
        return new Mapped(entry.kind(), read, DataType.fromDDL(entry.spark()));
    }

    /** The documented row a column falls under. */
    public static Entry entryFor(SourceColumn column) {
        if (column.typeName().equals("numeric")) {
            Matcher numeric = NUMERIC.matcher(column.declaredType());
            if (numeric.matches()) {
                int precision = Integer.parseInt(numeric.group(1));
                int scale = Integer.parseInt(numeric.group(2));
                if (scale >= 0 && scale <= precision && precision <= MAX_DECIMAL_DIGITS) {
                    return DECIMAL;
                }
            }
        }
        Entry entry = BY_TYPE_NAME.get(column.typeName());
        if (entry != null) {
            return entry;
        }
        // format_type writes every array type, built-in or not, as its element's name with [].
        return column.declaredType().endsWith("[]") ? OTHER_ARRAY : OTHER;
    }

    /**
     * A date or time stamp outside the years the formats hold (infinity, -infinity, BC, after
     * 9999) fails the read in PostgreSQL itself, naming the column and the value as PostgreSQL
     * prints it: the message is cast to the column's type, whose input rejects it (SQL state
     * 22007). Checked in the read so that COPY and JDBC reads fail alike, before Spark could
     * turn the value into NULL or another year (to_char drops the era: 0044 BC would read as 0044).
     */
    private static String inRange(String read, ValueKind kind, SourceColumn column) {
        List<String> range = RANGES.get(kind);
        if (range == null) {
            return read;
        }
        String quoted = column.name().quoted();
        String message = SqlLiteral.quote("column '" + column.name().name() + "' holds ") + " || " + quoted
                + "::text || " + SqlLiteral.quote(", outside the years 0001 to 9999 that CSV, JSON Lines and Parquet "
                + "hold exactly");
        String failed = "(" + message + ")::" + range.get(2) + (kind == ValueKind.LOCAL_TIMESTAMP ? "::text" : "");
        return "CASE WHEN " + quoted + " >= " + range.get(0) + " AND " + quoted + " < " + range.get(1) + " OR "
                + quoted + " IS NULL THEN " + read + " ELSE " + failed + " END";
    }

    /** The README's table: one row per entry. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| PostgreSQL | read as | Spark | CSV | JSON Lines | Parquet, Delta |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Entry entry : ENTRIES) {
            table.append("| ").append(String.join(" | ", entry.postgres(), "`" + entry.read() + "`", entry.spark(),
                    entry.csv(), entry.json(), entry.parquet())).append(" |\n");
        }
        return table.toString();
    }

    private static Entry entry(String postgres) {
        return ENTRIES.stream().filter(e -> e.postgres().equals(postgres)).findFirst().orElseThrow();
    }

    private static Map<String, Entry> byTypeName() {
        Map<String, Entry> names = new LinkedHashMap<>();
        for (Entry entry : ENTRIES) {
            entry.typeNames().forEach(name -> names.put(name, entry));
        }
        return Map.copyOf(names);
    }
}
