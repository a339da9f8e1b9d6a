package dev.snapshotsync.shape;

import java.text.Normalizer;

/**
 * Unicode normalization for Spark's built-in {@code reflect} expression. Neither Spark 3.5 nor 4.1
 * has a SQL function for NFC/NFKC (Spark 4 uses ICU only inside collations), so the rules call the
 * JDK's {@link Normalizer} through {@code reflect}, which needs public static String methods.
 * A NULL never reaches these methods: the callers guard with CASE, because Spark 3.5's
 * {@code reflect} turns a null result into the text "null".
 */
public final class UnicodeText {
    private UnicodeText() {}

    public static String nfc(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    public static String nfkc(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC);
    }

    /** Compatibility decomposition: the first step of transliteration to ASCII. */
    public static String nfkd(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKD);
    }
}
