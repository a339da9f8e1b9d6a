package dev.snapshotsync.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape step's guard answers what {@code RLIKE '[class]'} answers (Java's regular expression
 * on the decoded text), for the class of every rule that has one and for their union, on text
 * made of the classes' own characters, ASCII, other Unicode characters and characters beyond the
 * Basic Multilingual Plane; and bytes that are not well-formed UTF-8 take the rules' path.
 */
class CharacterScanTest {
    @Test
    void answersWhatTheRegularExpressionAnswersForEveryRulesClass() {
        List<String> classes = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        for (SanitizeExpression rule : SanitizeExpression.values()) {
            if (rule.trigger() != null) {
                classes.add("[" + rule.trigger() + "]");
                triggers.add(rule.trigger());
            }
        }
        classes.add(triggers.stream().collect(Collectors.joining("", "[", "]")));
        SplittableRandom random = new SplittableRandom(15);
        for (String characterClass : classes) {
            Pattern pattern = Pattern.compile(characterClass);
            CharacterScan scan = CharacterScan.of(characterClass);
            List<Integer> members = new ArrayList<>();
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                if (!Character.isSurrogate((char) c) && pattern.matcher(String.valueOf((char) c)).find()) {
                    members.add(c);
                }
            }
            int holding = 0;
            for (int n = 0; n < 20_000; n++) {
                String text = text(random, members);
                boolean expected = pattern.matcher(text).find();
                holding += expected ? 1 : 0;
                assertEquals(expected, scan.call(text.getBytes(StandardCharsets.UTF_8)),
                        characterClass + " on " + text.codePoints().mapToObj(Integer::toHexString).toList());
            }
            assertTrue(holding > 1_000 && holding < 19_000, characterClass + ": " + holding + " of 20,000 hold one");
        }
    }

    @Test
    void bytesThatAreNotUtf8TakeTheRulesPathAndNullStaysNull() {
        CharacterScan scan = CharacterScan.of("[\\u200B]");
        for (byte[] bytes : List.of(new byte[] {(byte) 0x80}, new byte[] {'a', (byte) 0xC3}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80})) {
            assertTrue(scan.call(bytes), () -> java.util.HexFormat.of().formatHex(bytes));
        }
        assertEquals(false, scan.call("plain ascii, é, \uD834\uDD1E".getBytes(StandardCharsets.UTF_8)));
        assertNull(scan.call(null));
    }

    /** Up to 12 characters: ASCII mostly, sometimes one of the class, another BMP character or one beyond it. */
    private static String text(SplittableRandom random, List<Integer> members) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(13);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(100);
            int c;
            if (kind < 2) {
                c = members.get(random.nextInt(members.size()));
            } else if (kind < 80) {
                c = 0x20 + random.nextInt(0x5F);
            } else if (kind < 95) {
                do {
                    c = random.nextInt(Character.MAX_VALUE + 1);
                } while (Character.isSurrogate((char) c));
            } else {
                c = Character.MIN_SUPPLEMENTARY_CODE_POINT
                        + random.nextInt(Character.MAX_CODE_POINT - Character.MIN_SUPPLEMENTARY_CODE_POINT + 1);
            }
            text.appendCodePoint(c);
        }
        return text.toString();
    }
}
