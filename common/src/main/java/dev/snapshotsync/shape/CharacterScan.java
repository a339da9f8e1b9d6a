package dev.snapshotsync.shape;

import static java.util.Objects.requireNonNull;

import dev.snapshotsync.types.Utf8Sequence;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Whether a text value, as its UTF-8 bytes, holds a character of a regular expression's character
 * class: what {@code value RLIKE '[class]'} answers, by a scan of the bytes against a table of the
 * class's characters, without decoding the value into Java text for the regular expression. The
 * shape step asks this of every value of a sanitized column (its guard), and most values are
 * clean. The table is made once per class by asking the regular expression about each character
 * of the Basic Multilingual Plane; a character beyond it (a four-byte sequence, rare) is asked of
 * the expression itself. Bytes that are not well-formed UTF-8 answer true, so that such a value
 * takes the rules' own path, as it did before.
 */
final class CharacterScan implements UDF1<byte[], Boolean> {
    private static final long serialVersionUID = 1L;

    /** One per class in a JVM: making the table asks the expression 65,536 times (a few ms). */
    private static final Map<String, CharacterScan> MADE = new ConcurrentHashMap<>();

    private final String characterClass;
    private final BitSet characters;
    private transient Pattern pattern;

    static CharacterScan of(String characterClass) {
        return MADE.computeIfAbsent(characterClass, CharacterScan::new);
    }

    private CharacterScan(String characterClass) {
        this.characterClass = requireNonNull(characterClass, "characterClass is null");
        this.characters = new BitSet(Character.MAX_VALUE + 1);
        Pattern compiled = pattern();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate((char) c) && compiled.matcher(String.valueOf((char) c)).find()) {
                characters.set(c);
            }
        }
    }

    @Override
    public Boolean call(byte[] utf8) {
        return utf8 == null ? null : holds(utf8);
    }

    boolean holds(byte[] utf8) {
        int i = 0;
        while (i < utf8.length) {
            int b = utf8[i] & 0xFF;
            if (b < 0x80) {
                if (characters.get(b)) {
                    return true;
                }
                i++;
                continue;
            }
            int read = Utf8Sequence.read(utf8, i, utf8.length);
            if (read == Utf8Sequence.MALFORMED) {
                return true;
            }
            int c = Utf8Sequence.codePoint(read);
            if (c <= Character.MAX_VALUE ? characters.get(c) : pattern().matcher(Character.toString(c)).find()) {
                return true;
            }
            i += Utf8Sequence.length(read);
        }
        return false;
    }

    private Pattern pattern() {
        if (pattern == null) {
            pattern = Pattern.compile(characterClass);
        }
        return pattern;
    }
}
