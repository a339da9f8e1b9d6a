package dev.snapshotsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The framing and checks of the binary COPY decoder, on hand-built messages; the values of every
 * type are compared with Spark's JDBC source against a real server in CopyReadTest.
 */
class BinaryRowDecoderTest {
    private static final StructType SCHEMA = new StructType()
            .add("c0", DataTypes.LongType)
            .add("c1", DataTypes.StringType)
            .add("c2", DataTypes.createDecimalType(12, 2));

    private final BinaryRowDecoder decoder = new BinaryRowDecoder("public.t", List.of("id", "note", "amount"), SCHEMA);

    @Test
    void headerArrivesWithTheFirstRowAndTheTrailerAlone() throws Exception {
        InternalRow first = decoder.decode(concat(header(), row(7L, "a,\"b\"", -12_345_678)));
        assertEquals(7L, first.getLong(0));
        assertEquals("a,\"b\"", first.getUTF8String(1).toString());
        assertEquals("-123456.78", first.getDecimal(2, 12, 2).toJavaBigDecimal().toPlainString());

        InternalRow second = decoder.decode(row(8L, null, 5));
        assertTrue(second.isNullAt(1));
        assertEquals("0.05", second.getDecimal(2, 12, 2).toJavaBigDecimal().toPlainString());

        assertFalse(decoder.finished());
        assertNull(decoder.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
        assertTrue(decoder.finished());
    }

    @Test
    void eachStatementStartsWithItsOwnHeader() throws Exception {
        decoder.decode(header());
        decoder.decode(new byte[] {(byte) 0xff, (byte) 0xff});
        decoder.reset();

        assertEquals(9L, decoder.decode(concat(header(), row(9L, "x", 0))).getLong(0));
    }

    @Test
    void aWrongColumnCountOrWidthFailsNamingTableAndColumn() throws Exception {
        decoder.decode(header());
        ByteArrayOutputStream twoColumns = new ByteArrayOutputStream();
        new DataOutputStream(twoColumns).writeShort(2);
        SQLException count = assertThrows(SQLException.class, () -> decoder.decode(twoColumns.toByteArray()));
        assertTrue(count.getMessage().contains("public.t sent 2 columns, 3 were expected"), count.getMessage());

        ByteArrayOutputStream narrowId = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(narrowId);
        out.writeShort(3);
        out.writeInt(4);
        out.writeInt(7);
        SQLException width = assertThrows(SQLException.class, () -> decoder.decode(narrowId.toByteArray()));
        assertTrue(width.getMessage().contains("column 'id' sent 4 bytes where bigint takes 8"), width.getMessage());
    }

    @Test
    void numericNaNFailsNamingTheColumnAndWhatToDo() throws Exception {
        decoder.decode(header());
        ByteArrayOutputStream nan = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(nan);
        out.writeShort(3);
        out.writeInt(8);
        out.writeLong(1L);
        out.writeInt(1);
        out.write('x');
        out.writeInt(8);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(0xC000);
        out.writeShort(0);

        SQLException e = assertThrows(SQLException.class, () -> decoder.decode(nan.toByteArray()));
        assertTrue(e.getMessage().contains("table public.t, column 'amount' holds NaN, which decimal(12,2) cannot "
                + "represent. Exclude the column in its contract ({ name = amount, action = exclude })"), e.getMessage());
    }

    private static byte[] header() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("PGCOPY\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        return bytes.toByteArray();
    }

    /** A row of (bigint, text, numeric(12,2)) with {@code cents} as the amount. */
    private static byte[] row(long id, String note, long cents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(3);
        out.writeInt(8);
        out.writeLong(id);
        if (note == null) {
            out.writeInt(-1);
        } else {
            byte[] text = note.getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
        }
        // numeric: base-10000 digits of |cents| / 100, weight of the first, sign, display scale 2.
        long units = Math.abs(cents) / 100;
        long fraction = Math.abs(cents) % 100;
        List<Integer> digits = new java.util.ArrayList<>();
        for (long u = units; u > 0; u /= 10_000) {
            digits.add(0, (int) (u % 10_000));
        }
        int weight = digits.size() - 1;
        if (fraction != 0) {
            digits.add((int) fraction * 100);
        }
        if (units == 0) {
            weight = -1;
        }
        out.writeInt(8 + 2 * digits.size());
        out.writeShort(digits.size());
        out.writeShort(weight);
        out.writeShort(cents < 0 ? 0x4000 : 0);
        out.writeShort(2);
        for (int digit : digits) {
            out.writeShort(digit);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
