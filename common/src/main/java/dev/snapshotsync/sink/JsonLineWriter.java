package dev.snapshotsync.sink;

import dev.snapshotsync.types.JsonLineColumn;
import dev.snapshotsync.types.JsonLineColumn.Rendering;
import dev.snapshotsync.types.Utf8Sequence;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Makes one JSON object per row into a reused buffer, in UTF-8, and hands it to Spark's text
 * writer as the line. Every value is written as Spark's {@code to_json} (Jackson, Spark's JSON
 * options) writes it, byte for byte: text escapes {@code "}, {@code \} and the controls below
 * U+0020 ({@code \b \t \n \f \r}, the others as {@code \}{@code u00XX} with upper-case hex) and
 * nothing else; integers and booleans as Java prints them; floating point as
 * {@code Double.toString}/{@code Float.toString}, with NaN and the infinities as the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}; NULL as {@code null}.
 */
final class JsonLineWriter extends OutputWriter {
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final byte[] NAN = ascii("\"NaN\"");
    private static final byte[] INFINITY = ascii("\"Infinity\"");
    private static final byte[] NEGATIVE_INFINITY = ascii("\"-Infinity\"");
    /** Per ASCII byte: 0 as it is, 'u' for a six-character escape, else the escape's letter. */
    private static final byte[] ESCAPES = escapes();

    private final OutputWriter lines;
    /** Per column: what comes before its value (a comma after the first, the key and colon). */
    private final byte[][] heads;
    private final Kind[] kinds;
    private final GenericInternalRow line = new GenericInternalRow(1);
    private byte[] buffer = new byte[8192];
    private int size;

    /** How a column is written; chosen once per file from the column's type and rendering. */
    private enum Kind { TEXT, JSON_TEXT, MEMBERS, LONG, INT, SHORT, BYTE, BOOLEAN, DOUBLE, FLOAT }

    JsonLineWriter(OutputWriter lines, StructType schema) {
        this.lines = lines;
        StructField[] fields = schema.fields();
        this.heads = new byte[fields.length][];
        this.kinds = new Kind[fields.length];
        for (int i = 0; i < fields.length; i++) {
            JsonLineColumn column = JsonLineColumn.of(fields[i]);
            heads[i] = ((i == 0 ? "" : ",") + column.prefix()).getBytes(StandardCharsets.UTF_8);
            kinds[i] = kind(fields[i], column.rendering());
        }
    }

    @Override
    public void write(InternalRow row) {
        size = 0;
        put((byte) '{');
        for (int i = 0; i < kinds.length; i++) {
            put(heads[i]);
            if (row.isNullAt(i)) {
                if (kinds[i] == Kind.MEMBERS) {
                    throw new IllegalStateException("the members of column " + i + " are NULL");
                }
                put(NULL);
                continue;
            }
            switch (kinds[i]) {
                case TEXT -> text(row.getUTF8String(i));
                case JSON_TEXT, MEMBERS -> copy(row.getUTF8String(i));
                case LONG -> digits(row.getLong(i));
                case INT -> digits(row.getInt(i));
                case SHORT -> digits(row.getShort(i));
                case BYTE -> digits(row.getByte(i));
                case BOOLEAN -> put(row.getBoolean(i) ? TRUE : FALSE);
                case DOUBLE -> floating(row.getDouble(i), false);
                case FLOAT -> floating(row.getFloat(i), true);
            }
        }
        put((byte) '}');
        line.update(0, UTF8String.fromBytes(buffer, 0, size));
        lines.write(line);
    }

    @Override
    public void close() {
        lines.close();
    }

    @Override
    public String path() {
        return lines.path();
    }

    private static Kind kind(StructField field, Rendering rendering) {
        DataType type = field.dataType();
        if (rendering != Rendering.VALUE) {
            if (!(type instanceof StringType)) {
                throw new IllegalStateException("column " + field.name() + " holds " + rendering + " as " + type);
            }
            return rendering == Rendering.MEMBERS ? Kind.MEMBERS : Kind.JSON_TEXT;
        }
        if (type instanceof StringType) {
            return Kind.TEXT;
        } else if (type instanceof LongType) {
            return Kind.LONG;
        } else if (type instanceof IntegerType) {
            return Kind.INT;
        } else if (type instanceof ShortType) {
            return Kind.SHORT;
        } else if (type instanceof ByteType) {
            return Kind.BYTE;
        } else if (type instanceof BooleanType) {
            return Kind.BOOLEAN;
        } else if (type instanceof DoubleType) {
            return Kind.DOUBLE;
        } else if (type instanceof FloatType) {
            return Kind.FLOAT;
        }
        throw new IllegalStateException("column " + field.name() + " of type " + type + " has no JSON rendering");
    }

    /** A JSON string of the text: its bytes as they are unless a byte needs an escape. */
    private void text(UTF8String value) {
        int length = value.numBytes();
        ensure(length + 2);
        buffer[size++] = '"';
        int start = size;
        value.writeTo(ByteBuffer.wrap(buffer, start, length));
        boolean plain = true;
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            int b = buffer[i];
            if (b < 0) {
                ascii = false;
            } else if (ESCAPES[b] != 0) {
                plain = false;
            }
        }
        if (!ascii && !Utf8Sequence.wellFormed(buffer, start, start + length)) {
            // What Jackson was given: Java text, malformed sequences decoded as U+FFFD.
            byte[] decoded = value.toString().getBytes(StandardCharsets.UTF_8);
            size = start;
            escaped(decoded, 0, decoded.length);
        } else if (!plain) {
            byte[] raw = Arrays.copyOfRange(buffer, start, start + length);
            size = start;
            escaped(raw, 0, raw.length);
        } else {
            size = start + length;
        }
        put((byte) '"');
    }

    private void escaped(byte[] bytes, int from, int to) {
        ensure((to - from) * 6);
        for (int i = from; i < to; i++) {
            int b = bytes[i];
            byte escape = b < 0 ? 0 : ESCAPES[b];
            if (escape == 0) {
                buffer[size++] = (byte) b;
            } else if (escape == 'u') {
                buffer[size++] = '\\';
                buffer[size++] = 'u';
                buffer[size++] = '0';
                buffer[size++] = '0';
                buffer[size++] = HEX[b >> 4];
                buffer[size++] = HEX[b & 0xF];
            } else {
                buffer[size++] = '\\';
                buffer[size++] = escape;
            }
        }
    }

    private void copy(UTF8String value) {
        int length = value.numBytes();
        ensure(length);
        value.writeTo(ByteBuffer.wrap(buffer, size, length));
        size += length;
    }

    private void digits(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            put(ascii(Long.toString(value)));
            return;
        }
        long rest = value;
        if (rest < 0) {
            buffer[size++] = '-';
            rest = -rest;
        }
        int count = 1;
        for (long bound = 10; count < 19 && rest >= bound; bound *= 10) {
            count++;
        }
        for (int p = size + count - 1; p >= size; p--) {
            buffer[p] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        size += count;
    }

    /** {@code single}: a float (real), printed as one; the value converted to double and back is unchanged. */
    private void floating(double value, boolean single) {
        if (Double.isNaN(value)) {
            put(NAN);
        } else if (value == Double.POSITIVE_INFINITY) {
            put(INFINITY);
        } else if (value == Double.NEGATIVE_INFINITY) {
            put(NEGATIVE_INFINITY);
        } else {
            put(ascii(single ? Float.toString((float) value) : Double.toString(value)));
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] escapes() {
        byte[] escapes = new byte[128];
        for (int c = 0; c < 0x20; c++) {
            escapes[c] = 'u';
        }
        escapes['"'] = '"';
        escapes['\\'] = '\\';
        escapes['\b'] = 'b';
        escapes['\t'] = 't';
        escapes['\n'] = 'n';
        escapes['\f'] = 'f';
        escapes['\r'] = 'r';
        return escapes;
    }
}
