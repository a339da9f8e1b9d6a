package dev.snapshotsync.types;

/**
 * Reads one character from UTF-8 bytes as Java's decoder accepts it (well-formed: no overlong
 * forms, no surrogates, nothing past U+10FFFF, no truncated sequence). Shape's byte scans and the
 * JSON Lines writer read text as bytes with it, without decoding whole values into Java text.
 */
public final class Utf8Sequence {
    /** What {@link #read} answers for bytes that are not a well-formed sequence. */
    public static final int MALFORMED = -1;

    private Utf8Sequence() {}

    /**
     * The character starting at {@code bytes[from]}, read no further than {@code to}: its length
     * in bytes and its code point packed into one int ({@link #length}, {@link #codePoint}), or
     * {@link #MALFORMED}.
     */
    public static int read(byte[] bytes, int from, int to) {
        int b = bytes[from] & 0xFF;
        if (b < 0x80) {
            return 1 << 21 | b;
        }
        int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        if (length == 0 || b > 0xF4 || from + length > to) {
            return MALFORMED;
        }
        int c = b & (0x7F >> length);
        for (int k = 1; k < length; k++) {
            int next = bytes[from + k] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                return MALFORMED;
            }
            c = (c << 6) | (next & 0x3F);
        }
        if (c < (length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000) || c > Character.MAX_CODE_POINT
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            return MALFORMED;
        }
        return length << 21 | c;
    }

    /** The bytes of a character {@link #read} answered. */
    public static int length(int read) {
        return read >>> 21;
    }

    /** The code point of a character {@link #read} answered. */
    public static int codePoint(int read) {
        return read & 0x1FFFFF;
    }

    /** Whether the bytes from {@code from} to {@code to} are well-formed UTF-8 throughout. */
    public static boolean wellFormed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int read = read(bytes, i, to);
            if (read == MALFORMED) {
                return false;
            }
            i += length(read);
        }
        return true;
    }
}
