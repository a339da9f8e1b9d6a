package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A UTC instant as CSV and JSON Lines show it, {@code 2026-01-15T08:00:00.123456Z}
 * ({@link FormatRendering#ISO_INSTANT} in the UTC session zone), built from its microseconds with
 * integer arithmetic into one char array. Spark's writers format each value through java.time
 * (about 40 % of a CSV export's CPU in the issue 8 profile); the text is the same. Years outside
 * 0001-9999 (only a contract's cast can make one: the source read refuses them) take Spark's own
 * {@code date_format} with the same pattern.
 */
final class InstantText {
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the epoch. */
    static final long FIRST = -62_135_596_800_000_000L;
    static final long LAST = 253_402_300_799_999_999L;

    private static final UserDefinedFunction FORMAT = functions.udf((UDF1<Long, String>) InstantText::format,
            DataTypes.StringType);

    private InstantText() {}

    /** The text of a timestamp column, NULL for NULL. */
    static Column of(Column instant) {
        Column micros = unix_micros(instant);
        return when(micros.between(lit(FIRST), lit(LAST)), FORMAT.apply(micros))
                .otherwise(date_format(instant, FormatRendering.ISO_INSTANT));
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'} of an instant between {@link #FIRST} and {@link #LAST}. */
    static String format(Long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian, as java.time and Spark count).
        long shifted = days + 719_468L;
        long era = Math.floorDiv(shifted, 146_097L);
        long dayOfEra = shifted - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        char[] text = new char[27];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        digits(text, 20, fraction, 6);
        text[26] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
