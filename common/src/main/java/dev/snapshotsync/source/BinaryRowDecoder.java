package dev.snapshotsync.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes PostgreSQL's binary COPY format into Spark's internal row values.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 *
 * <p>The wire type of each column follows from the Spark type the type mapping gives it, because
 * the read expression produces exactly that PostgreSQL type: smallint, integer, bigint, real,
 * double precision, boolean, numeric (decimal), date, timestamptz, bytea, one-dimensional arrays
 * of text or integers, and text for everything read as a string (text's binary form is its UTF-8
 * bytes). Lengths are checked, so a column whose wire type differs fails loudly instead of being
 * misread.
 *
 * <p>pgjdbc hands over one fresh array per CopyData message, normally one row; the 19-byte header
 * comes with the first row and the trailer ({@code -1}) alone. Text values wrap the message array
 * without copying, which is safe because the array is never reused.
 */
final class BinaryRowDecoder {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** PostgreSQL's epoch (2000-01-01) in Unix-epoch days and microseconds. */
    private static final int PG_EPOCH_DAYS = 10_957;
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private enum Kind { INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, TEXT, BYTEA, DATE, TIMESTAMPTZ, DECIMAL, ARRAY }

    private final String table;
    private final List<String> columns;
    private final DataType[] types;
    private final Kind[] kinds;
    private final Kind[] elementKinds;
    private final SpecificInternalRow row;
    private boolean headerSeen;
    private boolean trailerSeen;

    private byte[] buf;
    private int pos;

    BinaryRowDecoder(String table, List<String> columns, StructType schema) {
        this.table = table;
        this.columns = columns;
        this.types = new DataType[schema.size()];
        this.kinds = new Kind[schema.size()];
        this.elementKinds = new Kind[schema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.fields()[i].dataType();
            kinds[i] = kindOf(types[i]);
            if (types[i] instanceof ArrayType array) {
                elementKinds[i] = kindOf(array.elementType());
                if (elementKinds[i] != Kind.TEXT && elementKinds[i] != Kind.INT2 && elementKinds[i] != Kind.INT4
                        && elementKinds[i] != Kind.INT8) {
                    throw new IllegalArgumentException("no binary decoding for " + types[i].simpleString());
                }
            }
        }
        this.row = new SpecificInternalRow(schema);
    }

    private static Kind kindOf(DataType type) {
        if (type instanceof ShortType) {
            return Kind.INT2;
        } else if (type instanceof IntegerType) {
            return Kind.INT4;
        } else if (type instanceof LongType) {
            return Kind.INT8;
        } else if (type instanceof FloatType) {
            return Kind.FLOAT4;
        } else if (type instanceof DoubleType) {
            return Kind.FLOAT8;
        } else if (type instanceof BooleanType) {
            return Kind.BOOL;
        } else if (type instanceof StringType) {
            return Kind.TEXT;
        } else if (type instanceof BinaryType) {
            return Kind.BYTEA;
        } else if (type instanceof DateType) {
            return Kind.DATE;
        } else if (type instanceof TimestampType) {
            return Kind.TIMESTAMPTZ;
        } else if (type instanceof DecimalType) {
            return Kind.DECIMAL;
        } else if (type instanceof ArrayType) {
            return Kind.ARRAY;
        }
        throw new IllegalArgumentException("no binary decoding for " + type.simpleString());
    }

    /** Starts a new COPY statement's stream (each has its own header and trailer). */
    void reset() {
        headerSeen = false;
        trailerSeen = false;
    }

    boolean finished() {
        return trailerSeen;
    }

    /**
     * Decodes one CopyData message. Returns the row it held (the same mutable row every time, as
     * Spark's own JDBC reader does), or null when it held only the header or the trailer.
     */
    SpecificInternalRow decode(byte[] message) throws SQLException {
        buf = message;
        pos = 0;
        if (!headerSeen) {
            readHeader();
            if (pos == buf.length) {
                return null;
            }
        }
        short fields = readShort();
        if (fields == -1) {
            trailerSeen = true;
            return null;
        }
        if (fields != kinds.length) {
            throw malformed(" sent " + fields + " columns, " + kinds.length + " were expected");
        }
        for (int i = 0; i < kinds.length; i++) {
            int length = readInt();
            if (length < 0) {
                row.setNullAt(i);
            } else {
                readValue(i, length);
            }
        }
        if (pos != buf.length) {
            throw malformed(": a message held more than one row (" + (buf.length - pos) + " bytes left)");
        }
        return row;
    }

    private void readHeader() throws SQLException {
        if (buf.length < SIGNATURE.length + 8
                || !Arrays.equals(buf, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw malformed(" did not start with the binary COPY signature");
        }
        pos = SIGNATURE.length;
        readInt();
        int extension = readInt();
        pos += extension;
        headerSeen = true;
    }

    private void readValue(int i, int length) throws SQLException {
        switch (kinds[i]) {
            case INT2 -> {
                expect(i, length, 2);
                row.setShort(i, readShort());
            }
            case INT4 -> {
                expect(i, length, 4);
                row.setInt(i, readInt());
            }
            case INT8 -> {
                expect(i, length, 8);
                row.setLong(i, readLong());
            }
            case FLOAT4 -> {
                expect(i, length, 4);
                row.setFloat(i, Float.intBitsToFloat(readInt()));
            }
            case FLOAT8 -> {
                expect(i, length, 8);
                row.setDouble(i, Double.longBitsToDouble(readLong()));
            }
            case BOOL -> {
                expect(i, length, 1);
                row.setBoolean(i, buf[pos++] != 0);
            }
            case TEXT -> row.update(i, readText(length));
            case BYTEA -> {
                row.update(i, Arrays.copyOfRange(buf, pos, pos + length));
                pos += length;
            }
            case DATE -> {
                expect(i, length, 4);
                int days = readInt();
                if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                    throw unsupported(i, days > 0 ? "infinity" : "-infinity", "a date");
                }
                row.setInt(i, days + PG_EPOCH_DAYS);
            }
            case TIMESTAMPTZ -> {
                expect(i, length, 8);
                long micros = readLong();
                if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                    throw unsupported(i, micros > 0 ? "infinity" : "-infinity", "a timestamp");
                }
                row.setLong(i, micros + PG_EPOCH_MICROS);
            }
            case DECIMAL -> {
                DecimalType type = (DecimalType) types[i];
                row.setDecimal(i, readDecimal(i, type.precision(), type.scale()), type.precision());
            }
            case ARRAY -> row.update(i, readArray(i, length));
        }
    }

    private void expect(int i, int length, int expected) throws SQLException {
        if (length != expected) {
            throw malformed(": column '" + columns.get(i) + "' sent " + length + " bytes where "
                    + types[i].simpleString() + " takes " + expected + "; its type differs from the one read from the "
                    + "catalog");
        }
    }

    /** numeric: digit count, weight (of the first base-10000 digit), sign, display scale, digits. */
    private Decimal readDecimal(int i, int precision, int scale) throws SQLException {
        int digits = readShort();
        int weight = readShort();
        int sign = readShort() & 0xffff;
        int displayScale = readShort();
        if (sign == NUMERIC_NAN || (sign != 0 && sign != NUMERIC_NEG)) {
            throw unsupported(i, sign == NUMERIC_NAN ? "NaN" : "an infinity", types[i].simpleString());
        }
        if (displayScale > scale) {
            throw malformed(": column '" + columns.get(i) + "' has a value with " + displayScale
                    + " decimal places where " + types[i].simpleString() + " keeps " + scale);
        }
        if (precision <= 18) {
            long unscaled = 0;
            for (int d = 0; d < digits; d++) {
                long digit = readShort();
                int exponent = 4 * (weight - d) + scale;
                unscaled += exponent >= 0 ? digit * POW10[exponent] : digit / POW10[-exponent];
            }
            return Decimal.createUnsafe(sign == NUMERIC_NEG ? -unscaled : unscaled, precision, scale);
        }
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger tenThousand = BigInteger.valueOf(10_000);
        for (int d = 0; d < digits; d++) {
            unscaled = unscaled.multiply(tenThousand).add(BigInteger.valueOf(readShort()));
        }
        BigDecimal value = new BigDecimal(sign == NUMERIC_NEG ? unscaled.negate() : unscaled,
                4 * (digits - 1 - weight)).setScale(scale);
        return Decimal.apply(value, precision, scale);
    }

    /** A one-dimensional array: dimensions, null flag, element type, (size, lower bound) per dimension, elements. */
    private GenericArrayData readArray(int i, int length) throws SQLException {
        int end = pos + length;
        int dimensions = readInt();
        readInt();
        readInt();
        if (dimensions == 0) {
            pos = end;
            return new GenericArrayData(new Object[0]);
        }
        if (dimensions > 1) {
            throw unsupported(i, "a " + dimensions + "-dimensional array", types[i].simpleString()
                    + " (one dimension)");
        }
        int size = readInt();
        readInt();
        Object[] values = new Object[size];
        for (int e = 0; e < size; e++) {
            int elementLength = readInt();
            if (elementLength < 0) {
                continue;
            }
            values[e] = switch (elementKinds[i]) {
                case INT2 -> readShort();
                case INT4 -> readInt();
                case INT8 -> readLong();
                default -> readText(elementLength);
            };
        }
        if (pos != end) {
            throw malformed(": column '" + columns.get(i) + "' sent an array whose elements are not "
                    + types[i].simpleString());
        }
        return new GenericArrayData(values);
    }

    /** Text's binary form is its UTF-8 bytes; the message array is never reused, so it is wrapped, not copied. */
    private UTF8String readText(int length) {
        UTF8String text = UTF8String.fromBytes(buf, pos, length);
        pos += length;
        return text;
    }

    /** The stream is not what the read asked for (a protocol or type mismatch, never bad data). */
    private SQLException malformed(String detail) {
        return new SQLException("COPY of table " + table + detail, "XX000");
    }

    private SQLException unsupported(int i, String value, String sparkType) {
        return new SQLException("table " + table + ", column '" + columns.get(i) + "' holds " + value
                + ", which " + sparkType + " cannot represent. Exclude the column in its contract ({ name = "
                + columns.get(i) + ", action = exclude }), or read it as text through a custom query "
                + "(tables.<name>.query)", "22003");
    }

    private short readShort() {
        short value = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        return value;
    }


    private int readInt() {
        int value = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return value;
    }


    private long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

}
