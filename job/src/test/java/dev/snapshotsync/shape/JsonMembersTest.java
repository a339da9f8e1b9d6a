package dev.snapshotsync.shape;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapshotsync.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's rule for a faster path: the bytes are the old path's. A JSON Lines row with a column
 * to_json cannot render (decimal, float, jsonb) is joined from to_json objects without their
 * braces; the braces are now cut from the bytes instead of by a character substring. On text of
 * one- to four-byte characters, escapes, quotes and control characters, empty and NULL, the
 * members are the old ones.
 */
class JsonMembersTest {
    @Test
    void bracesCutFromTheBytesLeaveTheMembersTheCharacterCutLeft() {
        SplittableRandom random = new SplittableRandom(15);
        List<String> texts = new ArrayList<>(List.of("", "\"", "\\", "{}", "\n\r\t\u0000\u001F", "é", "✓", "\uD834\uDD1E"));
        int[] alphabet = {'a', 'Z', '"', '\\', '\n', '\u0001', '/', 'é', 'ß', '€', '✓', '\u2028', '\uFEFF', 0x1D11E, 0x1F600};
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            texts.add(text.toString());
        }
        Dataset<Row> rows = TestSpark.session().createDataset(texts, Encoders.STRING()).toDF("text")
                .union(TestSpark.session().sql("SELECT CAST(NULL AS STRING) AS text"));
        Column object = to_json(struct(col("text"), col("text").as("again"), lit(1).as("one")));
        List<Row> cut = rows.select(object.substr(lit(2), length(object).minus(2)).as("chars"),
                FormatRendering.withoutBraces(object).as("bytes")).collectAsList();
        assertEquals(texts.size() + 1, cut.size());
        for (Row row : cut) {
            assertEquals(row.getString(0), row.getString(1));
            assertTrue(row.getString(1).startsWith("\"text\":") || row.getString(1).startsWith("\"again\":")
                    || row.getString(1).startsWith("\"one\":"), row.getString(1));
        }
    }
}
